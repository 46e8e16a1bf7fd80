package finance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Simulator wire protocol: one POST per SDK call, JSON both ways.
//
//	POST /finance/getchatdata  {"corpid","secret","seq","limit","timeout"}
//	  → {"sdk_code":0,"errcode":0,"errmsg":"ok","chatdata":[Record…]}
//	POST /finance/getmediadata {"corpid","secret","sdkfileid","indexbuf","timeout"}
//	  → {"sdk_code":0,"data":"<base64>","outindexbuf":"Range:bytes=a-b","is_finish":true}
//
// sdk_code carries the SDK return code; errcode the WeCom JSON-level code.
const (
	PathGetChatData  = "/finance/getchatdata"
	PathGetMediaData = "/finance/getmediadata"
)

// ChatDataRequest is the simulator's GetChatData body.
type ChatDataRequest struct {
	CorpID  string `json:"corpid"`
	Secret  string `json:"secret"`
	Seq     uint64 `json:"seq"`
	Limit   int    `json:"limit"`
	Timeout int    `json:"timeout"`
}

// ChatDataResponse is the simulator's GetChatData answer.
type ChatDataResponse struct {
	SDKCode  int      `json:"sdk_code"`
	ErrCode  int      `json:"errcode"`
	ErrMsg   string   `json:"errmsg"`
	ChatData []Record `json:"chatdata"`
}

// MediaDataRequest is the simulator's GetMediaData body.
type MediaDataRequest struct {
	CorpID    string `json:"corpid"`
	Secret    string `json:"secret"`
	SDKFileID string `json:"sdkfileid"`
	IndexBuf  string `json:"indexbuf"`
	Timeout   int    `json:"timeout"`
}

// MediaDataResponse is the simulator's GetMediaData answer.
type MediaDataResponse struct {
	SDKCode     int    `json:"sdk_code"`
	ErrMsg      string `json:"errmsg,omitempty"`
	Data        []byte `json:"data"` // base64 in JSON
	OutIndexBuf string `json:"outindexbuf"`
	IsFinish    bool   `json:"is_finish"`
}

// SimClient is the Source backed by the simulator archive.
type SimClient struct {
	BaseURL string
	CorpID  string
	Secret  string
	HTTP    *http.Client
	// Timeout applies when a call gives none (the SDK's timeout argument).
	Timeout time.Duration
}

// NewSimClient returns a client for the simulator at baseURL.
func NewSimClient(baseURL, corpID, secret string) *SimClient {
	return &SimClient{BaseURL: strings.TrimRight(baseURL, "/"), CorpID: corpID, Secret: secret,
		HTTP: &http.Client{}, Timeout: 10 * time.Second}
}

// GetChatData implements Source.
func (c *SimClient) GetChatData(ctx context.Context, req ChatRequest) ([]Record, error) {
	if req.Limit <= 0 || req.Limit > MaxLimit {
		return nil, &Error{Code: CodeParam, Msg: fmt.Sprintf("limit %d outside 1..%d", req.Limit, MaxLimit)}
	}
	var out ChatDataResponse
	body := ChatDataRequest{CorpID: c.CorpID, Secret: c.Secret, Seq: req.Seq, Limit: req.Limit, Timeout: req.Timeout}
	if err := c.post(ctx, PathGetChatData, req.Timeout, body, &out); err != nil {
		return nil, err
	}
	if out.SDKCode != 0 {
		return nil, &Error{Code: out.SDKCode, Msg: out.ErrMsg}
	}
	if out.ErrCode != 0 {
		return nil, &Error{Code: out.ErrCode, API: true, Msg: out.ErrMsg}
	}
	return out.ChatData, nil
}

// DecryptData implements Source with the simulator's documented cipher.
func (c *SimClient) DecryptData(_ context.Context, randomKey, encryptChatMsg string) ([]byte, error) {
	return SimOpen(randomKey, encryptChatMsg)
}

// GetMediaData implements Source.
func (c *SimClient) GetMediaData(ctx context.Context, sdkfileid, indexbuf string) (MediaChunk, error) {
	var out MediaDataResponse
	body := MediaDataRequest{CorpID: c.CorpID, Secret: c.Secret, SDKFileID: sdkfileid, IndexBuf: indexbuf}
	if err := c.post(ctx, PathGetMediaData, 0, body, &out); err != nil {
		return MediaChunk{}, err
	}
	if out.SDKCode != 0 {
		return MediaChunk{}, &Error{Code: out.SDKCode, Msg: out.ErrMsg}
	}
	return MediaChunk{Data: out.Data, OutIndexBuf: out.OutIndexBuf, Finish: out.IsFinish}, nil
}

// Close implements Source.
func (c *SimClient) Close() error { return nil }

// post sends one call; transport failures become SDK network/timeout codes,
// as the native SDK reports a failed libcurl call.
func (c *SimClient) post(ctx context.Context, path string, timeoutSec int, in, out any) error {
	d := c.Timeout
	if timeoutSec > 0 {
		d = time.Duration(timeoutSec) * time.Second
	}
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+path, bytes.NewReader(b))
	if err != nil {
		return &Error{Code: CodeParam, Msg: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return &Error{Code: CodeTimeout, Msg: path}
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		return &Error{Code: CodeNetwork, Msg: err.Error()}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, resp.Body)
		return &Error{Code: CodeTransportStatus, Msg: fmt.Sprintf("%s: HTTP %d", path, resp.StatusCode)}
	}
	if resp.StatusCode != http.StatusOK {
		return &Error{Code: CodeParam, Msg: fmt.Sprintf("%s: HTTP %d", path, resp.StatusCode)}
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return &Error{Code: CodeParse, Msg: err.Error()}
	}
	return nil
}

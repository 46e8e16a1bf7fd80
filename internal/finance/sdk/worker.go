// Package sdk runs Tencent's Finance SDK (libWeWorkFinanceSdk_C.so, cgo,
// build tag financesdk) in a child worker process, so a crash inside the
// native library (it is known to segfault) cannot take the portal down.
// The portal side is Client, a finance.Source; the child runs ServeWorker
// with one SDK handle for its life. They speak JSON lines over the child's
// stdin/stdout.
package sdk

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Native is the SDK's C API as the worker uses it. Codes are SDK return codes.
type Native interface {
	Init(corpID, secret string) int
	GetChatData(seq uint64, limit int, proxy, passwd string, timeout int) ([]byte, int)
	DecryptData(key, msg string) ([]byte, int)
	GetMediaData(indexbuf, sdkfileid, proxy, passwd string, timeout int) (Media, int)
	Destroy()
}

// Media is one GetMediaData result.
type Media struct {
	Data        []byte `json:"data"`
	OutIndexBuf string `json:"outindexbuf"`
	Finish      bool   `json:"finish"`
}

// request is one call from the portal to the worker.
type request struct {
	Op        string `json:"op"` // init, chat, decrypt, media
	CorpID    string `json:"corpid,omitempty"`
	Secret    string `json:"secret,omitempty"`
	Seq       uint64 `json:"seq,omitempty"`
	Limit     int    `json:"limit,omitempty"`
	Timeout   int    `json:"timeout,omitempty"`
	Proxy     string `json:"proxy,omitempty"`
	Passwd    string `json:"passwd,omitempty"`
	Key       string `json:"key,omitempty"`
	Msg       string `json:"msg,omitempty"`
	IndexBuf  string `json:"indexbuf,omitempty"`
	SDKFileID string `json:"sdkfileid,omitempty"`
}

// response is the worker's answer.
type response struct {
	Code  int    `json:"code"`
	Data  []byte `json:"data,omitempty"` // chat JSON, plaintext, or media bytes
	Index string `json:"index,omitempty"`
	Done  bool   `json:"done,omitempty"`
}

// ServeWorker answers requests from r on w until r ends. It is the whole
// worker process: `wecomadmin finance-worker` calls it with stdin/stdout.
func ServeWorker(r io.Reader, w io.Writer, n Native) error {
	defer n.Destroy()
	dec := json.NewDecoder(bufio.NewReader(r))
	enc := json.NewEncoder(w)
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("finance worker: read: %w", err)
		}
		var resp response
		switch req.Op {
		case "init":
			resp.Code = n.Init(req.CorpID, req.Secret)
		case "chat":
			resp.Data, resp.Code = n.GetChatData(req.Seq, req.Limit, req.Proxy, req.Passwd, req.Timeout)
		case "decrypt":
			resp.Data, resp.Code = n.DecryptData(req.Key, req.Msg)
		case "media":
			var m Media
			m, resp.Code = n.GetMediaData(req.IndexBuf, req.SDKFileID, req.Proxy, req.Passwd, req.Timeout)
			resp.Data, resp.Index, resp.Done = m.Data, m.OutIndexBuf, m.Finish
		default:
			resp.Code = 10000
		}
		if err := enc.Encode(resp); err != nil {
			return fmt.Errorf("finance worker: write: %w", err)
		}
	}
}

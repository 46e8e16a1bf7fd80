package sdk

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"sync"

	"wecomadmin/internal/finance"
)

// Client is a finance.Source backed by a worker process. Calls are
// serialised (one SDK handle); if the worker dies, the call fails with a
// transient 10003 and the next call starts a fresh worker.
type Client struct {
	Command []string // worker command, e.g. [path/to/wecomadmin, finance-worker]
	CorpID  string
	Secret  string
	Proxy   string
	Passwd  string

	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	out *json.Decoder
}

// NewClient returns a client that starts command as its worker.
func NewClient(command []string, corpID, secret string) *Client {
	return &Client{Command: command, CorpID: corpID, Secret: secret}
}

func (c *Client) start() error {
	cmd := exec.Command(c.Command[0], c.Command[1:]...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("finance: start worker: %w", err)
	}
	c.cmd, c.in, c.out = cmd, in, json.NewDecoder(bufio.NewReader(out))
	var resp response
	if err := c.roundTrip(request{Op: "init", CorpID: c.CorpID, Secret: c.Secret}, &resp); err != nil {
		c.stop()
		return err
	}
	if resp.Code != 0 {
		c.stop()
		return finance.NewError(resp.Code, "Init")
	}
	return nil
}

func (c *Client) stop() {
	if c.cmd == nil {
		return
	}
	_ = c.in.Close()
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
	c.cmd = nil
}

func (c *Client) roundTrip(req request, resp *response) error {
	b, _ := json.Marshal(req)
	if _, err := c.in.Write(append(b, '\n')); err != nil {
		return &finance.Error{Code: finance.CodeSystem, Msg: "worker gone: " + err.Error()}
	}
	if err := c.out.Decode(resp); err != nil {
		return &finance.Error{Code: finance.CodeSystem, Msg: "worker crashed: " + err.Error()}
	}
	return nil
}

// call sends one request, starting the worker if needed; a dead worker is
// reaped so the next call gets a new one. ctx cancellation kills the
// worker (the native call cannot be interrupted otherwise).
func (c *Client) call(ctx context.Context, req request) (response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		if err := c.start(); err != nil {
			return response{}, err
		}
	}
	done := make(chan struct{})
	defer close(done)
	cmd := c.cmd
	go func() {
		select {
		case <-ctx.Done():
			_ = cmd.Process.Kill()
		case <-done:
		}
	}()
	var resp response
	if err := c.roundTrip(req, &resp); err != nil {
		c.stop()
		if ctx.Err() != nil {
			return resp, ctx.Err()
		}
		return resp, err
	}
	return resp, nil
}

// GetChatData implements finance.Source; a JSON-level errcode becomes an API error.
func (c *Client) GetChatData(ctx context.Context, req finance.ChatRequest) ([]finance.Record, error) {
	resp, err := c.call(ctx, request{Op: "chat", Seq: req.Seq, Limit: req.Limit, Timeout: req.Timeout, Proxy: c.Proxy, Passwd: c.Passwd})
	if err != nil {
		return nil, err
	}
	if resp.Code != 0 {
		return nil, finance.NewError(resp.Code, "GetChatData")
	}
	var out struct {
		ErrCode  int              `json:"errcode"`
		ErrMsg   string           `json:"errmsg"`
		ChatData []finance.Record `json:"chatdata"`
	}
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		return nil, &finance.Error{Code: finance.CodeParse, Msg: err.Error()}
	}
	if out.ErrCode != 0 {
		return nil, &finance.Error{Code: out.ErrCode, API: true, Msg: out.ErrMsg}
	}
	return out.ChatData, nil
}

// DecryptData implements finance.Source.
func (c *Client) DecryptData(ctx context.Context, key, msg string) ([]byte, error) {
	resp, err := c.call(ctx, request{Op: "decrypt", Key: key, Msg: msg})
	if err != nil {
		return nil, err
	}
	if resp.Code != 0 {
		return nil, finance.NewError(resp.Code, "DecryptData")
	}
	return resp.Data, nil
}

// GetMediaData implements finance.Source.
func (c *Client) GetMediaData(ctx context.Context, sdkfileid, indexbuf string) (finance.MediaChunk, error) {
	resp, err := c.call(ctx, request{Op: "media", SDKFileID: sdkfileid, IndexBuf: indexbuf, Proxy: c.Proxy, Passwd: c.Passwd})
	if err != nil {
		return finance.MediaChunk{}, err
	}
	if resp.Code != 0 {
		return finance.MediaChunk{}, finance.NewError(resp.Code, "GetMediaData")
	}
	return finance.MediaChunk{Data: resp.Data, OutIndexBuf: resp.Index, Finish: resp.Done}, nil
}

// Close stops the worker.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stop()
	return nil
}

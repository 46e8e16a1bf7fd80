// Package apiclient is a typed Go client for the portal's own REST API,
// used by integration tests and CLI commands. It speaks the same envelope
// as the UI: {"data": …} or {"error": {"code", "message", "details"}}.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
)

// Error is an API error response.
type Error struct {
	Status  int
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Details json.RawMessage `json:"details,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("api %d %s: %s", e.Status, e.Code, e.Message) }

// Client calls one portal. It keeps the session cookie and CSRF token after
// Login, or sends a bearer token when one is set.
type Client struct {
	base   *url.URL
	http   *http.Client
	bearer string
	csrf   string
}

// New returns a client for the portal at baseURL.
func New(baseURL string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("apiclient: base url: %w", err)
	}
	jar, _ := cookiejar.New(nil)
	return &Client{base: u, http: &http.Client{Jar: jar}}, nil
}

// WithToken makes the client authenticate with an API token.
func (c *Client) WithToken(token string) *Client {
	cp := *c
	cp.bearer = token
	return &cp
}

// Do sends method path with an optional JSON body and decodes the data
// field into out (when out is not nil).
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("apiclient: encode: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, rd)
	if err != nil {
		return fmt.Errorf("apiclient: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	} else if c.csrf != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("apiclient: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("apiclient: read: %w", err)
	}
	if resp.StatusCode >= 400 {
		var env struct {
			Error Error `json:"error"`
		}
		if json.Unmarshal(raw, &env) != nil || env.Error.Code == "" {
			return &Error{Status: resp.StatusCode, Code: "http_error", Message: strings.TrimSpace(string(raw))}
		}
		env.Error.Status = resp.StatusCode
		return &env.Error
	}
	if out == nil {
		return nil
	}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("apiclient: decode envelope: %w", err)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("apiclient: decode data: %w", err)
	}
	return nil
}

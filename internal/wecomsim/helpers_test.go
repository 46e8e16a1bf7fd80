package wecomsim

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type harness struct {
	t     *testing.T
	s     *Server
	clock *fakeClock
	token string
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	clk := newFakeClock()
	if opts.Clock == nil {
		opts.Clock = clk.Now
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	h := &harness{t: t, s: New(opts), clock: clk}
	t.Cleanup(h.s.Close)
	return h
}

// do sends one request straight to the handler and decodes the JSON reply.
func (h *harness) do(method, path string, q url.Values, body any) (int, map[string]any) {
	h.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	if q == nil {
		q = url.Values{}
	}
	req := httptest.NewRequest(method, path+"?"+q.Encode(), rd)
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	var out map[string]any
	dec := json.NewDecoder(rec.Body)
	dec.UseNumber()
	_ = dec.Decode(&out)
	return rec.Code, out
}

func (h *harness) gettoken() string {
	h.t.Helper()
	_, r := h.do("GET", "/cgi-bin/gettoken", url.Values{"corpid": {"wwsimcorp0000001"}, "corpsecret": {"sim"}}, nil)
	tok, _ := r["access_token"].(string)
	if tok == "" {
		h.t.Fatalf("gettoken: %v", r)
	}
	return tok
}

// api calls an authenticated endpoint: GET when body is nil.
func (h *harness) api(path string, q url.Values, body any) map[string]any {
	h.t.Helper()
	if h.token == "" {
		h.token = h.gettoken()
	}
	if q == nil {
		q = url.Values{}
	}
	q.Set("access_token", h.token)
	method := "POST"
	if body == nil {
		method = "GET"
	}
	_, r := h.do(method, "/cgi-bin/"+path, q, body)
	return r
}

func errcode(r map[string]any) int {
	n, ok := r["errcode"].(json.Number)
	if !ok {
		return -999
	}
	v, _ := n.Int64()
	return int(v)
}

// expect fails unless r carries the errcode want.
func expect(t *testing.T, r map[string]any, want int) {
	t.Helper()
	if got := errcode(r); got != want {
		t.Fatalf("errcode %d, want %d: %v", got, want, r)
	}
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

package wecomsim

import (
	"net/http"
	"testing"
)

// TestMount shows how another simulator part (the archive simulator) adds
// a route that checks tokens and answers in WeCom's format.
func TestMount(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.s.Mount("POST /cgi-bin/sim_archive/ping", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.s.InjectTransportFault(w, r) {
			return
		}
		if err := h.s.CheckToken(r.URL.Query().Get("access_token")); err != nil {
			WriteResult(w, nil, err)
			return
		}
		if r.URL.Query().Get("fail") != "" {
			WriteResult(w, nil, Errorf(301053, "archive not enabled"))
			return
		}
		WriteResult(w, map[string]any{"pong": true}, nil)
	}))
	r := h.api("sim_archive/ping", nil, map[string]any{})
	expect(t, r, 0)
	if r["pong"] != true {
		t.Fatalf("reply %v", r)
	}
	expect(t, h.api("sim_archive/ping", q("fail", "1"), map[string]any{}), 301053)
	_, r = h.do("POST", "/cgi-bin/sim_archive/ping", q("access_token", "bogus"), map[string]any{})
	expect(t, r, 40014)
}

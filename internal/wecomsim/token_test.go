package wecomsim

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestGettoken(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	cases := []struct {
		name   string
		corpID string
		secret string
		want   int
	}{
		{"ok", "wwsimcorp0000001", "sim", 0},
		{"wrong secret", "wwsimcorp0000001", "nope", 40001},
		{"wrong corp", "wwother", "sim", 40013},
		{"no corp", "", "sim", 41002},
		{"no secret", "wwsimcorp0000001", "", 41004},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, r := h.do("GET", "/cgi-bin/gettoken", q("corpid", c.corpID, "corpsecret", c.secret), nil)
			expect(t, r, c.want)
			if c.want == 0 && (r["access_token"] == nil || r["expires_in"].(interface{ String() string }).String() != "7200") {
				t.Fatalf("reply %v", r)
			}
		})
	}
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{TokenTTL: time.Minute})
	tok := h.gettoken()
	if again := h.gettoken(); again != tok {
		t.Fatal("gettoken within the token's life should return the same token")
	}
	get := func(token string) map[string]any {
		_, r := h.do("GET", "/cgi-bin/department/list", url.Values{"access_token": {token}}, nil)
		return r
	}
	expect(t, get(tok), 0)
	h.clock.Advance(59 * time.Second)
	expect(t, get(tok), 0)
	h.clock.Advance(time.Second)
	expect(t, get(tok), 42001)
	expect(t, get("bogus"), 40014)
	expect(t, get(""), 41001)
	fresh := h.gettoken()
	if fresh == tok {
		t.Fatal("expired token reissued")
	}
	expect(t, get(fresh), 0)
	h.s.ExpireTokens()
	expect(t, get(fresh), 42001)
}

func TestFrequencyLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{RateLimit: 5})
	h.token = h.gettoken() // gettoken counts for its own API only
	h.clock.Advance(30 * time.Second)
	for i := range 5 {
		r := h.api("department/simplelist", nil, nil)
		expect(t, r, 0)
		_ = i
	}
	expect(t, h.api("department/simplelist", nil, nil), 45009)
	expect(t, h.api("department/list", nil, nil), 0) // per API
	h.clock.Advance(59 * time.Second)                // a new clock minute, but blocked for 60 s
	expect(t, h.api("department/simplelist", nil, nil), 45009)
	h.clock.Advance(time.Second)
	expect(t, h.api("department/simplelist", nil, nil), 0)
}

func TestUnknownPath(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	code, r := h.do("GET", "/cgi-bin/no/such/api", nil, nil)
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	expect(t, r, 48001)
	if code, _ := h.do("GET", "/elsewhere", nil, nil); code != http.StatusNotFound {
		t.Fatalf("status %d", code)
	}
}

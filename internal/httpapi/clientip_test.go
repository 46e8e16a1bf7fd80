package httpapi

import (
	"net/http/httptest"
	"testing"
)

// TestClientIPBehindProxies: only a trusted proxy's X-Forwarded-For is
// believed, and then the right-most hop that is not a trusted proxy; a
// client cannot pick its address by sending the header (finding 11).
func TestClientIPBehindProxies(t *testing.T) {
	t.Parallel()
	trusted, err := ParseTrustedProxies([]string{"10.0.0.0/8", "192.168.1.1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ peer, xff, want string }{
		{"203.0.113.9:5000", "1.2.3.4", "203.0.113.9"},                         // untrusted peer: header ignored
		{"10.1.2.3:443", "198.51.100.7", "198.51.100.7"},                       // one trusted proxy
		{"10.1.2.3:443", "6.6.6.6, 198.51.100.7, 192.168.1.1", "198.51.100.7"}, // spoofed left hop ignored
		{"10.1.2.3:443", "10.9.9.9", "10.1.2.3"},                               // only proxies: the peer
		{"10.1.2.3:443", "junk, 198.51.100.7", "198.51.100.7"},
		{"10.1.2.3:443", "198.51.100.7, junk", "10.1.2.3"}, // malformed nearest hop: the proxy itself
		{"[::ffff:10.0.0.1]:443", "198.51.100.8", "198.51.100.8"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := clientIP(r, trusted); got != c.want {
			t.Errorf("peer %s xff %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
	if _, err := ParseTrustedProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Error("bad CIDR accepted")
	}
}

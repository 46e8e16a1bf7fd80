package wecomsim

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// tokens holds issuedToken access_tokens and their expiry. Like Tencent, a
// gettoken within a token's life returns the same token; afterwards a new one.
type tokens struct {
	mu      sync.Mutex
	m       map[string]issuedToken
	current map[string]string // secret -> its current token
}

// issuedToken is one access_token: its expiry and the secret it was made with.
type issuedToken struct {
	exp  time.Time
	prof SecretProfile
}

func (s *Server) gettoken(c *call) (obj, error) {
	corpID, secret := c.query("corpid"), c.query("corpsecret")
	switch {
	case corpID == "":
		return nil, errf(41002, "corpid missing")
	case secret == "":
		return nil, errf(41004, "corpsecret missing")
	case corpID != s.opts.CorpID:
		return nil, errf(40013, "invalid corpid")
	}
	prof, ok := s.profile(secret)
	if !ok {
		return nil, errf(40001, "invalid credential, hint: [secret]")
	}
	now := s.opts.Clock()
	t := &s.tokens
	t.mu.Lock()
	defer t.mu.Unlock()
	cur := t.current[secret]
	if is, ok := t.m[cur]; !ok || !now.Before(is.exp) {
		b := make([]byte, 96)
		_, _ = rand.Read(b)
		cur = base64.RawURLEncoding.EncodeToString(b)
		t.current[secret] = cur
		t.m[cur] = issuedToken{exp: now.Add(s.opts.TokenTTL), prof: prof}
		t.pruneLocked(now)
	}
	left := int(t.m[cur].exp.Sub(now) / time.Second)
	return obj{"access_token": cur, "expires_in": left}, nil
}

// pruneLocked forgets tokens expired for more than a day (until then they
// answer 42001, afterwards 40014, as an unknown token would).
func (t *tokens) pruneLocked(now time.Time) {
	for k, is := range t.m {
		if now.Sub(is.exp) > 24*time.Hour {
			delete(t.m, k)
		}
	}
}

// CheckToken validates an access_token: 41001 missing, 40014 unknown,
// 42001 expired. Mounted handlers may use it.
func (s *Server) CheckToken(token string) error {
	_, err := s.checkToken(token)
	return err
}

// checkToken validates a token and tells which secret made it.
func (s *Server) checkToken(token string) (SecretProfile, error) {
	if token == "" {
		return SecretProfile{}, errf(41001, "access_token missing")
	}
	s.tokens.mu.Lock()
	is, ok := s.tokens.m[token]
	s.tokens.mu.Unlock()
	switch {
	case !ok:
		return SecretProfile{}, errf(40014, "invalid access_token")
	case !s.opts.Clock().Before(is.exp):
		return SecretProfile{}, errf(42001, "access_token expired")
	}
	return is.prof, nil
}

// ExpireTokens makes every issuedToken token expire now (Tencent may invalidate
// tokens early; tests use it).
func (s *Server) ExpireTokens() {
	now := s.opts.Clock()
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	for k, is := range s.tokens.m {
		is.exp = now
		s.tokens.m[k] = is
	}
}

func (s *Server) expireToken(tok string) {
	now := s.opts.Clock()
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	if is, ok := s.tokens.m[tok]; ok && now.Before(is.exp) {
		is.exp = now
		s.tokens.m[tok] = is
	}
}

// window counts calls of one API in one clock minute.
type window struct {
	minute  int64
	n       int
	blocked time.Time // Tencent blocks an API for 60 s once its minute limit is hit
}

// limiter is the per-corp, per-API, per-minute frequency limit (45009).
type limiter struct {
	mu sync.Mutex
	m  map[string]*window
}

func (l *limiter) allow(api string, now time.Time, perMinute int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := now.Unix() / 60
	w := l.m[api]
	if w != nil && now.Before(w.blocked) {
		return false
	}
	if w == nil || w.minute != m {
		w = &window{minute: m}
		l.m[api] = w
	}
	w.n++
	if w.n > perMinute {
		w.blocked = now.Add(time.Minute)
		return false
	}
	return true
}

package wecomsim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// Lifetimes Tencent gives its one-shot codes.
const (
	tfaCodeTTL     = 5 * time.Minute  // the ?code= of the TFA page (auth/get_tfa_info)
	tfaTokenTTL    = 5 * time.Minute  // tfa_code returned by get_tfa_info (user/tfa_succ)
	welcomeCodeTTL = 20 * time.Second // WelcomeCode of add_external_contact
)

type issued struct {
	userID, extID string
	expires       time.Time
}

// codes holds single-use codes by kind.
type codes struct {
	mu      sync.Mutex
	tfa     map[string]issued // page code → user
	tfaTok  map[string]issued // tfa_code → user
	welcome map[string]issued
}

func (c *codes) init() {
	c.tfa, c.tfaTok, c.welcome = map[string]issued{}, map[string]issued{}, map[string]issued{}
}

func randCode(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (c *codes) issue(m map[string]issued, it issued) string {
	code := randCode(16)
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range m { // drop stale codes so the maps stay small
		if it.expires.Sub(v.expires) > time.Hour {
			delete(m, k)
		}
	}
	m[code] = it
	return code
}

// take consumes a code: ok false when unknown, used or expired.
func (c *codes) take(m map[string]issued, code string, now time.Time) (issued, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := m[code]
	if !ok {
		return issued{}, false
	}
	delete(m, code)
	return it, now.Before(it.expires)
}

// IssueTFACode stands for WeCom sending a member to the TFA page: it
// returns the ?code= that auth/get_tfa_info resolves (5 min, single use).
func (s *Server) IssueTFACode(userID string) (string, error) {
	u, ok := s.dir.User(userID)
	if !ok {
		return "", errf(60111, "userid not found")
	}
	return s.codes.issue(s.codes.tfa, issued{userID: u.UserID, expires: s.opts.Clock().Add(tfaCodeTTL)}), nil
}

// IssueWelcomeCode returns a WelcomeCode for a member/customer pair (valid
// 20 s, single use), as add_external_contact carries.
func (s *Server) IssueWelcomeCode(userID, externalUserID string) string {
	return s.codes.issue(s.codes.welcome, issued{userID: userID, extID: externalUserID, expires: s.opts.Clock().Add(welcomeCodeTTL)})
}

func (s *Server) getTFAInfo(c *call) (obj, error) {
	var req struct {
		Code string `json:"code"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	it, ok := s.codes.take(s.codes.tfa, strings.TrimSpace(req.Code), s.opts.Clock())
	if !ok {
		return nil, errf(40029, "invalid code")
	}
	tok := s.codes.issue(s.codes.tfaTok, issued{userID: it.userID, expires: s.opts.Clock().Add(tfaTokenTTL)})
	return obj{"userid": it.userID, "tfa_code": tok}, nil
}

func (s *Server) tfaSucc(c *call) (obj, error) {
	var req struct {
		UserID  string `json:"userid"`
		TFACode string `json:"tfa_code"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.UserID == "" {
		return nil, errf(41009, "missing userid")
	}
	if _, ok := s.dir.User(req.UserID); !ok {
		return nil, errf(60111, "userid not found")
	}
	s.codes.mu.Lock()
	it, known := s.codes.tfaTok[req.TFACode]
	s.codes.mu.Unlock()
	if !known || !strings.EqualFold(it.userID, req.UserID) {
		return nil, errf(40207, "invalid tfa_code")
	}
	if _, ok := s.codes.take(s.codes.tfaTok, req.TFACode, s.opts.Clock()); !ok {
		return nil, errf(40207, "invalid tfa_code, hint: [expired]")
	}
	return nil, nil
}

// authsucc lets a member pass login TFA: a never-joined member becomes active.
func (s *Server) authSucc(c *call) (obj, error) {
	id := c.query("userid")
	if id == "" {
		return nil, errf(41009, "missing userid")
	}
	u, ok := s.dir.User(id)
	if !ok {
		return nil, errf(60111, "userid not found")
	}
	if u.Status == StatusNotActive {
		return nil, s.dir.setUserStatus(u.UserID, StatusActive, OriginAPI)
	}
	return nil, nil
}

func (s *Server) sendWelcomeMsg(c *call) (obj, error) {
	var req struct {
		WelcomeCode string `json:"welcome_code"`
		Text        *struct {
			Content string `json:"content"`
		} `json:"text"`
		Attachments []json.RawMessage `json:"attachments"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	switch {
	case req.WelcomeCode == "":
		return nil, errf(41049, "missing welcome code")
	case len(req.Attachments) > 9:
		return nil, errf(41064, "attachments count exceed")
	case req.Text != nil && len(req.Text.Content) > 4000:
		return nil, errf(40058, "text.content exceed 4000 bytes")
	case req.Text == nil && len(req.Attachments) == 0:
		return nil, errf(40058, "text and attachments both empty")
	}
	if _, ok := s.codes.take(s.codes.welcome, req.WelcomeCode, s.opts.Clock()); !ok {
		return nil, errf(41050, "invalid welcome code")
	}
	return nil, nil
}

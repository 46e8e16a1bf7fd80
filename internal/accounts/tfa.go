package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"wecomadmin/internal/store"
)

// TFA outcomes, each its own page (and message key).
const (
	TFAEnterCode      = "enter_code"      // code mailed, form shown
	TFAWrongCode      = "wrong_code"      // form shown again
	TFASuccess        = "success"         // WeCom told, member may go on
	TFAInvalidCode    = "invalid_code"    // WeCom does not know the code: expired, reused or foreign
	TFAExpired        = "expired"         // our five minutes passed
	TFAReused         = "reused"          // this verification was already used
	TFANotRecognized  = "not_recognized"  // userid not in HR
	TFANotActive      = "not_active"      // a leaver
	TFAMobileMismatch = "mobile_mismatch" // WeCom mobile differs from HR
	TFATooManyTries   = "too_many_tries"
	TFARateLimited    = "rate_limited"
	TFAFailed         = "failed" // WeCom or mail failed; try again
	TFABadRequest     = "bad_request"
)

// TFA limits: WeCom's tfa_code lives five minutes; five wrong codes burn a session.
const (
	tfaLifetime = 5 * time.Minute
	tfaMaxTries = 5
	tfaPerIPMin = 20 // verification attempts per IP per minute
)

// TFAView is what the page shows.
type TFAView struct {
	Outcome   string
	Session   string // hidden form field
	CSRF      string // form field; the handler also sets it as a cookie
	Email     string // masked HR email the code went to
	TriesLeft int
	ExpiresAt time.Time
	// who the attempt concerned, for the audit trail
	corpID, userid string
}

type tfaSession struct {
	corpID, userid, tfaCode string
	email                   string // masked, for the page
	otpHash                 [32]byte
	csrf                    string
	firstJoin               bool
	expires                 time.Time
	tries                   int
	used                    bool
}

// tfaSessions keeps pending verifications in memory: they live five minutes,
// so a restart only asks the member to start again from WeCom.
type tfaSessions struct {
	mu   sync.Mutex
	m    map[string]*tfaSession
	hits map[string][]time.Time // IP -> recent attempts
}

func (s *Service) sessions() *tfaSessions {
	s.tfaOnce.Do(func() { s.tfa = &tfaSessions{m: map[string]*tfaSession{}, hits: map[string][]time.Time{}} })
	return s.tfa
}

func token(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func otpHash(session, code string) [32]byte { return sha256.Sum256([]byte(session + ":" + code)) }

// TFAStart handles WeCom's redirect: it exchanges the code, checks the
// member against HR and mails a one-time code to the HR email. corpKey may
// be empty: the code is then tried on each corp (codes are corp-specific).
func (s *Service) TFAStart(ctx context.Context, corpKey, code, ip string) TFAView {
	v := s.tfaStart(ctx, corpKey, code)
	meta := map[string]any{"ip": ip, "outcome": v.Outcome}
	outcome := "failure"
	if v.Outcome == TFAEnterCode {
		outcome = "success"
	}
	target := corpKey
	if v.corpID != "" {
		target = v.corpID + "/" + v.userid
	}
	_ = s.audit().Record(ctx, "tfa.start", target, outcome, meta)
	return v
}

func (s *Service) tfaStart(ctx context.Context, corpKey, code string) TFAView {
	if code == "" || len(code) > 512 {
		return TFAView{Outcome: TFABadRequest}
	}
	corps, err := s.tfaCorps(ctx, corpKey)
	if err != nil {
		return TFAView{Outcome: TFAFailed}
	}
	for _, c := range corps {
		wc, err := s.WeComFor(ctx, c.CorpID)
		if err != nil {
			continue
		}
		userid, tfaCode, err := wc.TFAInfo(ctx, code)
		if Errcode(err) == ErrcodeInvalidCode {
			continue
		}
		if err != nil {
			s.log().WarnContext(ctx, "tfa: get_tfa_info failed", "corp_id", c.CorpID, "err", err)
			return TFAView{Outcome: TFAFailed}
		}
		v := s.tfaCheckPerson(ctx, c.CorpID, wc, userid, tfaCode)
		v.corpID, v.userid = c.CorpID, userid
		return v
	}
	return TFAView{Outcome: TFAInvalidCode}
}

func (s *Service) tfaCorps(ctx context.Context, key string) ([]store.Corp, error) {
	if key != "" {
		c, err := s.Store.CorpByKey(ctx, key)
		return []store.Corp{c}, err
	}
	return s.Store.ListCorps(ctx)
}

// tfaCheckPerson verifies the member against HR and mails the one-time code.
func (s *Service) tfaCheckPerson(ctx context.Context, corpID string, wc WeCom, userid, tfaCode string) TFAView {
	emp, err := s.Store.EmployeeByUserID(ctx, corpID, userid)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return TFAView{Outcome: TFANotRecognized}
	case err != nil:
		return TFAView{Outcome: TFAFailed}
	case emp.HRStatus != HRActive:
		return TFAView{Outcome: TFANotActive}
	}
	u, err := wc.GetUser(ctx, userid)
	if err != nil {
		return TFAView{Outcome: TFAFailed}
	}
	if u.Mobile == "" || !sameMobile(u.Mobile, emp.Mobile) {
		return TFAView{Outcome: TFAMobileMismatch}
	}
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	otp := fmt.Sprintf("%06d", n.Int64())
	sess := &tfaSession{corpID: corpID, userid: userid, tfaCode: tfaCode, csrf: token(16), email: maskEmail(emp.Email),
		firstJoin: u.Status == StatusNotActivated, expires: s.now().Add(tfaLifetime)}
	id := token(16)
	sess.otpHash = otpHash(id, otp)
	body := fmt.Sprintf("您的企业微信验证码是 %s，5 分钟内有效。\nYour WeCom verification code is %s. It is valid for 5 minutes.\n", otp, otp)
	if s.Mailer == nil || s.Mailer.Send(ctx, emp.Email, "企业微信验证码 / WeCom verification code", body) != nil {
		return TFAView{Outcome: TFAFailed}
	}
	ts := s.sessions()
	ts.mu.Lock()
	ts.prune(s.now())
	ts.m[id] = sess
	ts.mu.Unlock()
	return TFAView{Outcome: TFAEnterCode, Session: id, CSRF: sess.csrf, Email: maskEmail(emp.Email), TriesLeft: tfaMaxTries, ExpiresAt: sess.expires}
}

// prune drops sessions and rate-limit entries past their time; callers hold mu.
func (t *tfaSessions) prune(now time.Time) {
	for id, s := range t.m {
		if now.After(s.expires.Add(tfaLifetime)) {
			delete(t.m, id)
		}
	}
	for ip, hs := range t.hits {
		if len(hs) == 0 || now.Sub(hs[len(hs)-1]) > time.Minute {
			delete(t.hits, ip)
		}
	}
}

func maskEmail(e string) string {
	at := -1
	for i := len(e) - 1; i >= 0; i-- {
		if e[i] == '@' {
			at = i
			break
		}
	}
	if at <= 0 {
		return "***"
	}
	return e[:1] + "***" + e[at:]
}

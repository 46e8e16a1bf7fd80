package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
	"wecomadmin/internal/wecom"

	"wecomadmin/internal/audit"
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
	TFAMobileMismatch = "mobile_mismatch" // the HR mobile does not map to this member (getuserid)
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
	// verification attempts per member (across sessions and IPs) per window
	tfaPerUser       = 15
	tfaPerUserWindow = 15 * time.Minute
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

// TFAStore keeps pending verifications and rate-limit hits in the store,
// so every portal instance behind a load balancer sees the same ones.
type TFAStore interface {
	CreateTFASession(ctx context.Context, t store.TFASession) error
	TFASessionByHash(ctx context.Context, idHash string) (store.TFASession, error)
	UseTFASession(ctx context.Context, idHash string, now int64) (bool, error)
	FailTFATry(ctx context.Context, idHash string, maxTries int, now int64) (int, bool, error)
	HitTFALimit(ctx context.Context, scope string, now, window int64, limit int) (bool, error)
	PruneTFA(ctx context.Context, before int64) error
}

func token(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// otpHash binds the mailed code to the session id, which the store never
// holds in the clear: a copy of the table cannot be brute-forced offline.
func otpHash(session, code string) string {
	h := sha256.Sum256([]byte(session + ":" + code))
	return hex.EncodeToString(h[:])
}

// idHash is how the store knows a session id.
func idHash(session string) string {
	h := sha256.Sum256([]byte(session))
	return hex.EncodeToString(h[:])
}

// TFAStart handles WeCom's redirect: it exchanges the code, checks the
// member against HR and mails a one-time code to the HR email. corpKey may
// be empty: the code is then tried on each corp (codes are corp-specific).
func (s *Service) TFAStart(ctx context.Context, corpKey, code, ip string) TFAView {
	v, ok := s.tfaStartGate(ctx, code, ip)
	if ok {
		v = s.tfaStart(ctx, corpKey, code)
	}
	if !s.tfaAuditStart(ctx, v, ip) {
		return v
	}
	meta := map[string]any{"ip": ip, "outcome": v.Outcome}
	outcome := "failure"
	if v.Outcome == TFAEnterCode {
		outcome = "success"
	}
	target := corpKey
	if v.corpID != "" {
		target = v.corpID + "/" + v.userid
	}
	_ = s.audit().Record(ctx, audit.Event{Action: audit.TFAStart, Target: target, CorpID: v.corpID, Outcome: outcome, Metadata: meta})
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
		info, err := wc.GetTFAInfo(ctx, code)
		if wecom.Code(err) == wecom.CodeInvalidCode {
			continue
		}
		if err != nil {
			s.log().WarnContext(ctx, "tfa: get_tfa_info failed", "corp_id", c.CorpID, "err", err)
			return TFAView{Outcome: TFAFailed}
		}
		v := s.tfaCheckPerson(ctx, c.CorpID, wc, info.UserID, info.TFACode)
		v.corpID, v.userid = c.CorpID, info.UserID
		return v
	}
	return TFAView{Outcome: TFAInvalidCode}
}

func (s *Service) tfaCorps(ctx context.Context, key string) ([]store.Corp, error) {
	if key != "" {
		c, err := s.corpByRef(ctx, key)
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
	switch ok, err := hrHolds(ctx, wc, emp, userid); {
	case err != nil:
		s.log().WarnContext(ctx, "tfa: HR lookup failed", "corp_id", corpID, "err", err)
		return TFAView{Outcome: TFAFailed}
	case !ok:
		return TFAView{Outcome: TFAMobileMismatch}
	}
	u, err := wc.GetUser(ctx, userid)
	if err != nil {
		return TFAView{Outcome: TFAFailed}
	}
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	otp := fmt.Sprintf("%06d", n.Int64())
	id, csrf, expires := token(16), token(16), s.now().Add(tfaLifetime)
	// Expired verifications and old rate-limit hits go as new ones come.
	if err := s.Store.PruneTFA(ctx, s.now().Add(-tfaPerUserWindow).UnixMilli()); err != nil {
		s.log().WarnContext(ctx, "tfa: prune", "err", err)
	}
	err = s.Store.CreateTFASession(ctx, store.TFASession{IDHash: idHash(id), CorpID: corpID, UserID: userid, TFACode: tfaCode,
		EmailMasked: maskEmail(emp.Email), OTPHash: otpHash(id, otp), CSRF: csrf, FirstJoin: u.Status == wecom.UserNotActive,
		ExpiresAt: expires.UnixMilli(), CreatedAt: s.now().UnixMilli()})
	switch {
	case errors.Is(err, store.ErrConflict):
		return TFAView{Outcome: TFAReused}
	case err != nil:
		s.log().WarnContext(ctx, "tfa: store session", "corp_id", corpID, "err", err)
		return TFAView{Outcome: TFAFailed}
	}
	body := fmt.Sprintf("您的企业微信验证码是 %s，5 分钟内有效。\nYour WeCom verification code is %s. It is valid for 5 minutes.\n", otp, otp)
	if s.Mailer == nil || s.Mailer.Send(ctx, emp.Email, "企业微信验证码 / WeCom verification code", body) != nil {
		return TFAView{Outcome: TFAFailed}
	}
	return TFAView{Outcome: TFAEnterCode, Session: id, CSRF: csrf, Email: maskEmail(emp.Email), TriesLeft: tfaMaxTries, ExpiresAt: expires}
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

// hrHolds tells whether the HR mobile (or, for an employee without one, the
// HR email) maps to userid in WeCom. It asks getuserid and
// get_userid_by_email: WeCom no longer shows apps a member's mobile or email.
func hrHolds(ctx context.Context, wc WeCom, emp store.Employee, userid string) (bool, error) {
	var id string
	var err error
	switch {
	case emp.Mobile != "":
		id, err = wc.GetUserIDByMobile(ctx, emp.Mobile)
	case emp.Email != "":
		id, err = userIDByEmail(ctx, wc, emp.Email)
	default:
		return false, nil
	}
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return strings.EqualFold(id, userid), nil
}

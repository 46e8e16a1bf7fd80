package accounts

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"
	"wecomadmin/internal/wecom"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

// TFAVerify checks the code the member typed and, when it is right, tells
// WeCom: user/authsucc for a first-time join (status 4, not activated),
// user/tfa_succ with the tfa_code otherwise. csrfCookie and csrfForm must
// both equal the session's token.
func (s *Service) TFAVerify(ctx context.Context, session, csrfCookie, csrfForm, otp, ip string) TFAView {
	v, userid, corpID := s.tfaVerify(ctx, session, csrfCookie, csrfForm, otp, ip)
	outcome := "failure"
	if v.Outcome == TFASuccess {
		outcome = "success"
	}
	_ = s.audit().Record(ctx, audit.Event{Action: audit.TFAVerify, Target: corpID + "/" + userid, CorpID: corpID, Outcome: outcome,
		Metadata: map[string]any{"ip": ip, "outcome": v.Outcome}})
	return v
}

func (s *Service) tfaVerify(ctx context.Context, id, csrfCookie, csrfForm, otp, ip string) (TFAView, string, string) {
	now := s.now()
	if v, ok := s.tfaLimited(ctx, "ip:"+ip, tfaPerIPMin, time.Minute); !ok {
		return v, "", ""
	}
	sess, err := s.Store.TFASessionByHash(ctx, idHash(id))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return TFAView{Outcome: TFAExpired}, "", ""
	case err != nil:
		s.log().WarnContext(ctx, "tfa: load session", "err", err)
		return TFAView{Outcome: TFAFailed}, "", ""
	case subtle.ConstantTimeCompare([]byte(csrfCookie), []byte(sess.CSRF)) != 1 ||
		subtle.ConstantTimeCompare([]byte(csrfForm), []byte(sess.CSRF)) != 1:
		return TFAView{Outcome: TFABadRequest}, sess.UserID, sess.CorpID
	case sess.UsedAt != 0:
		return TFAView{Outcome: TFAReused}, sess.UserID, sess.CorpID
	case now.UnixMilli() >= sess.ExpiresAt:
		return TFAView{Outcome: TFAExpired}, sess.UserID, sess.CorpID
	}
	if v, ok := s.tfaLimited(ctx, "user:"+sess.CorpID+"/"+sess.UserID, tfaPerUser, tfaPerUserWindow); !ok {
		return v, sess.UserID, sess.CorpID
	}
	if subtle.ConstantTimeCompare([]byte(otpHash(id, otp)), []byte(sess.OTPHash)) != 1 {
		return s.tfaWrongCode(ctx, id, sess), sess.UserID, sess.CorpID
	}
	// Single use across instances: only the one whose UPDATE marks it used
	// goes on to WeCom, even if WeCom then fails.
	won, err := s.Store.UseTFASession(ctx, idHash(id), now.UnixMilli())
	switch {
	case err != nil:
		s.log().WarnContext(ctx, "tfa: use session", "err", err)
		return TFAView{Outcome: TFAFailed}, sess.UserID, sess.CorpID
	case !won:
		return TFAView{Outcome: TFAReused}, sess.UserID, sess.CorpID
	}
	wc, err := s.WeComFor(ctx, sess.CorpID)
	if err == nil {
		if sess.FirstJoin {
			err = wc.AuthSucc(ctx, sess.UserID)
		} else {
			err = wc.TFASucc(ctx, sess.UserID, sess.TFACode)
		}
	}
	switch {
	case wecom.Code(err) == wecom.CodeInvalidTFACode:
		return TFAView{Outcome: TFAExpired}, sess.UserID, sess.CorpID
	case err != nil:
		s.log().WarnContext(ctx, "tfa: telling WeCom failed", "corp_id", sess.CorpID, "err", err)
		return TFAView{Outcome: TFAFailed}, sess.UserID, sess.CorpID
	}
	return TFAView{Outcome: TFASuccess}, sess.UserID, sess.CorpID
}

// tfaWrongCode counts a wrong code in the store; the last allowed one burns
// the session.
func (s *Service) tfaWrongCode(ctx context.Context, id string, sess store.TFASession) TFAView {
	tries, ok, err := s.Store.FailTFATry(ctx, idHash(id), tfaMaxTries, s.now().UnixMilli())
	switch {
	case err != nil:
		s.log().WarnContext(ctx, "tfa: count try", "err", err)
		return TFAView{Outcome: TFAFailed}
	case !ok:
		return TFAView{Outcome: TFAReused}
	case tries >= tfaMaxTries:
		return TFAView{Outcome: TFATooManyTries}
	}
	return TFAView{Outcome: TFAWrongCode, Session: id, CSRF: sess.CSRF, Email: sess.EmailMasked,
		TriesLeft: tfaMaxTries - tries, ExpiresAt: time.UnixMilli(sess.ExpiresAt)}
}

// tfaLimited records an attempt under scope and says whether it is within
// limit per window; the count lives in the store, shared by all instances.
func (s *Service) tfaLimited(ctx context.Context, scope string, limit int, window time.Duration) (TFAView, bool) {
	ok, err := s.Store.HitTFALimit(ctx, scope, s.now().UnixMilli(), window.Milliseconds(), limit)
	switch {
	case err != nil:
		s.log().WarnContext(ctx, "tfa: rate limit", "err", err)
		return TFAView{Outcome: TFAFailed}, false
	case !ok:
		return TFAView{Outcome: TFARateLimited}, false
	}
	return TFAView{}, true
}

// TFAShow re-renders a pending verification (the language toggle): it never
// exchanges a code again, so it cannot spend WeCom's one-shot code twice.
func (s *Service) TFAShow(ctx context.Context, id string) TFAView {
	sess, err := s.Store.TFASessionByHash(ctx, idHash(id))
	switch {
	case errors.Is(err, store.ErrNotFound), err == nil && s.now().UnixMilli() >= sess.ExpiresAt:
		return TFAView{Outcome: TFAExpired}
	case err != nil:
		return TFAView{Outcome: TFAFailed}
	case sess.UsedAt != 0:
		return TFAView{Outcome: TFAReused}
	}
	return TFAView{Outcome: TFAEnterCode, Session: id, CSRF: sess.CSRF, Email: sess.EmailMasked,
		TriesLeft: tfaMaxTries - sess.Tries, ExpiresAt: time.UnixMilli(sess.ExpiresAt)}
}

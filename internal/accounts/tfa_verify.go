package accounts

import (
	"context"
	"crypto/subtle"
	"time"
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
	_ = s.audit().Record(ctx, "tfa.verify", corpID+"/"+userid, outcome, map[string]any{"ip": ip, "outcome": v.Outcome})
	return v
}

func (s *Service) tfaVerify(ctx context.Context, id, csrfCookie, csrfForm, otp, ip string) (TFAView, string, string) {
	ts := s.sessions()
	now := s.now()
	ts.mu.Lock()
	if !ts.allow(ip, now) {
		ts.mu.Unlock()
		return TFAView{Outcome: TFARateLimited}, "", ""
	}
	sess, ok := ts.m[id]
	switch {
	case !ok:
		ts.mu.Unlock()
		return TFAView{Outcome: TFAExpired}, "", ""
	case subtle.ConstantTimeCompare([]byte(csrfCookie), []byte(sess.csrf)) != 1 ||
		subtle.ConstantTimeCompare([]byte(csrfForm), []byte(sess.csrf)) != 1:
		ts.mu.Unlock()
		return TFAView{Outcome: TFABadRequest}, sess.userid, sess.corpID
	case sess.used:
		ts.mu.Unlock()
		return TFAView{Outcome: TFAReused}, sess.userid, sess.corpID
	case now.After(sess.expires):
		ts.mu.Unlock()
		return TFAView{Outcome: TFAExpired}, sess.userid, sess.corpID
	}
	h := otpHash(id, otp)
	if subtle.ConstantTimeCompare(h[:], sess.otpHash[:]) != 1 {
		sess.tries++
		left := tfaMaxTries - sess.tries
		if left <= 0 {
			sess.used = true
			ts.mu.Unlock()
			return TFAView{Outcome: TFATooManyTries}, sess.userid, sess.corpID
		}
		ts.mu.Unlock()
		return TFAView{Outcome: TFAWrongCode, Session: id, CSRF: sess.csrf, TriesLeft: left, ExpiresAt: sess.expires}, sess.userid, sess.corpID
	}
	sess.used = true // single use, even if WeCom then fails
	c := *sess
	ts.mu.Unlock()
	wc, err := s.WeComFor(ctx, c.corpID)
	if err == nil {
		if c.firstJoin {
			err = wc.AuthSucc(ctx, c.userid)
		} else {
			err = wc.TFASucc(ctx, c.userid, c.tfaCode)
		}
	}
	switch {
	case Errcode(err) == ErrcodeInvalidTFACode:
		return TFAView{Outcome: TFAExpired}, c.userid, c.corpID
	case err != nil:
		s.log().WarnContext(ctx, "tfa: telling WeCom failed", "corp_id", c.corpID, "err", err)
		return TFAView{Outcome: TFAFailed}, c.userid, c.corpID
	}
	return TFAView{Outcome: TFASuccess}, c.userid, c.corpID
}

// allow is a sliding-window limit of attempts per IP; callers hold mu.
func (t *tfaSessions) allow(ip string, now time.Time) bool {
	hs := t.hits[ip]
	keep := hs[:0]
	for _, h := range hs {
		if now.Sub(h) < time.Minute {
			keep = append(keep, h)
		}
	}
	if len(keep) >= tfaPerIPMin {
		t.hits[ip] = keep
		return false
	}
	t.hits[ip] = append(keep, now)
	return true
}

// TFAShow re-renders a pending verification (the language toggle): it never
// exchanges a code again, so it cannot spend WeCom's one-shot code twice.
func (s *Service) TFAShow(id string) TFAView {
	ts := s.sessions()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	sess, ok := ts.m[id]
	switch {
	case !ok, s.now().After(sess.expires):
		return TFAView{Outcome: TFAExpired}
	case sess.used:
		return TFAView{Outcome: TFAReused}
	}
	return TFAView{Outcome: TFAEnterCode, Session: id, CSRF: sess.csrf, Email: sess.email, TriesLeft: tfaMaxTries - sess.tries, ExpiresAt: sess.expires}
}

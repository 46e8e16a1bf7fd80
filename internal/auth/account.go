package auth

import (
	"context"
	"errors"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/store"
)

// Self-service for a signed-in local admin: change the password, or move
// the TOTP to a new authenticator. Both ask for the current password or code
// (a session left open on a desk must not be enough), and a wrong answer
// counts towards the account's lock like a failed sign-in.

// selfLocal is the caller's own local account.
func (s *Service) selfLocal(ctx context.Context) (Principal, store.AdminUser, error) {
	p, ok := FromContext(ctx)
	if !ok {
		return Principal{}, store.AdminUser{}, ErrUnauthenticated
	}
	if p.Kind != KindAdmin || p.SessionIDHash == "" {
		return Principal{}, store.AdminUser{}, invalidf("only a person signed in with a session changes their own sign-in")
	}
	a, err := s.st.AdminByID(ctx, p.ID)
	if err != nil {
		return Principal{}, store.AdminUser{}, err
	}
	if a.Kind != "local" {
		return Principal{}, store.AdminUser{}, invalidf("your account signs in through an identity provider; change it there")
	}
	if a.LockedUntil > s.now().UnixMilli() {
		return Principal{}, store.AdminUser{}, &LockedError{RetryAfter: s.lockLeft(a)}
	}
	return p, a, nil
}

// checkCurrent verifies the current password (when asked) and a current
// code, spending the code's step; a failure is counted and audited as action.
func (s *Service) checkCurrent(ctx context.Context, a store.AdminUser, action string, password *string, code string) error {
	fail := func(reason string) error {
		if err := s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
			return auditevent.Event{Action: action, Target: "admin:" + a.Username, Outcome: "failure", Reason: reason}, nil
		}); err != nil {
			return err
		}
		if err := s.countFailure(ctx, a); err != nil {
			return err
		}
		return ErrCurrentCredentials
	}
	if password != nil {
		if ok, err := VerifyPassword(*password, a.PasswordHash); err != nil || !ok {
			return fail("bad_password")
		}
	}
	seed, err := s.openSeed(a.Username, a.TOTPSecret)
	if err != nil {
		return err
	}
	step := checkTOTP(seed, code, s.now())
	if step == 0 {
		return fail("bad_totp")
	}
	if err := s.st.UseTOTPStep(ctx, a.ID, step); errors.Is(err, store.ErrConflict) {
		return fail("totp_replayed")
	} else if err != nil {
		return err
	}
	return nil
}

// ChangePassword sets the caller's new password after checking the current
// one and a TOTP code; the caller's other sessions end.
func (s *Service) ChangePassword(ctx context.Context, current, code, newPassword string) error {
	p, a, err := s.selfLocal(ctx)
	if err != nil {
		return err
	}
	if len([]rune(newPassword)) < MinPasswordLen {
		return invalidf("password must be at least %d characters", MinPasswordLen)
	}
	if newPassword == current {
		return invalidf("the new password must differ from the current one")
	}
	if err := s.checkCurrent(ctx, a, "auth.password_change", &current, code); err != nil {
		return err
	}
	hash, err := HashPassword(newPassword, s.opt.Password)
	if err != nil {
		return err
	}
	return s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		if err := s.st.SetAdminPassword(ctx, a.ID, hash); err != nil {
			return auditevent.Event{}, err
		}
		n, err := s.st.RevokeOtherSessions(ctx, a.ID, p.SessionIDHash)
		return auditevent.Event{Action: "auth.password_change", Target: "admin:" + a.Username, Outcome: "success",
			Metadata: map[string]any{"sessions_ended": n}}, err
	})
}

// TOTPEnrolment is a new seed offered to the caller, not yet in use.
type TOTPEnrolment struct {
	TOTPSecret string
	OTPAuthURL string
}

// BeginTOTPChange offers the caller a new TOTP seed, kept (sealed) as
// pending: the old one keeps working until ConfirmTOTPChange.
func (s *Service) BeginTOTPChange(ctx context.Context) (TOTPEnrolment, error) {
	_, a, err := s.selfLocal(ctx)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	seed := NewTOTPSecret()
	sealed, err := s.sealSeed(a.Username, seed)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	if err := s.st.SetAdminTOTP(ctx, a.ID, a.TOTPSecret, sealed); err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{TOTPSecret: seed, OTPAuthURL: OTPAuthURL(s.opt.Issuer, a.Username, seed)}, nil
}

// ConfirmTOTPChange replaces the caller's seed by the pending one: a code
// from the current authenticator proves it is the owner, one from the new
// proves the new one was added. The caller's other sessions end.
func (s *Service) ConfirmTOTPChange(ctx context.Context, currentCode, newCode string) error {
	p, a, err := s.selfLocal(ctx)
	if err != nil {
		return err
	}
	pending, err := s.st.AdminTOTPPending(ctx, a.ID)
	if err != nil {
		return err
	}
	if pending == "" {
		return invalidf("start the change first: no new authenticator key is waiting")
	}
	newSeed, err := s.openSeed(a.Username, pending)
	if err != nil {
		return err
	}
	if err := s.checkCurrent(ctx, a, "auth.totp_change", nil, currentCode); err != nil {
		return err
	}
	if checkTOTP(newSeed, newCode, s.now()) == 0 {
		return ErrTOTPCode
	}
	return s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		if err := s.st.SetAdminTOTP(ctx, a.ID, pending, ""); err != nil {
			return auditevent.Event{}, err
		}
		n, err := s.st.RevokeOtherSessions(ctx, a.ID, p.SessionIDHash)
		return auditevent.Event{Action: "auth.totp_change", Target: "admin:" + a.Username, Outcome: "success",
			Metadata: map[string]any{"sessions_ended": n}}, err
	})
}

package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store"
)

// NewSession is a session just created: ID goes into the cookie and is
// never stored; the store keeps only its hash.
type NewSession struct {
	ID        string
	Principal Principal
	ExpiresAt time.Time // absolute deadline
}

// Login signs a local admin in with password and TOTP code. Unknown user,
// wrong password and wrong code all fail alike with ErrInvalidCredentials;
// after LoginMaxFailures failures the account locks, for LockoutBase doubled
// with each further failure up to LockoutMax (a *LockedError). previousID is
// the session cookie the browser sent, if any: it is revoked, so a session
// id planted before sign-in is never promoted (no fixation).
func (s *Service) Login(ctx context.Context, username, password, code, previousID string) (NewSession, error) {
	if !s.limit.allow(reqmeta.From(ctx).IP, s.now()) || !s.perAccount.allow("user:"+strings.ToLower(username), s.now()) {
		return NewSession{}, ErrRateLimited
	}
	if previousID != "" {
		_ = s.st.RevokeSession(ctx, hashSecret(previousID))
	}
	a, err := s.st.AdminByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		_, _ = VerifyPassword(password, s.dummyHash)
		if d := s.unknown.locked(username, s.now()); d > 0 {
			_ = s.loginFailedRecord(ctx, store.AdminUser{Username: username}, "locked")
			return NewSession{}, &LockedError{RetryAfter: d}
		}
		if err := s.loginFailed(ctx, store.AdminUser{Username: username}, "unknown_user", false); !errors.Is(err, ErrInvalidCredentials) {
			return NewSession{}, err
		}
		if d := s.unknown.fail(username, s.opt, s.now()); d > 0 {
			return NewSession{}, &LockedError{RetryAfter: d}
		}
		return NewSession{}, ErrInvalidCredentials
	}
	if err != nil {
		return NewSession{}, err
	}
	now := s.now()
	if a.LockedUntil > now.UnixMilli() {
		_ = s.loginFailedRecord(ctx, a, "locked")
		return NewSession{}, &LockedError{RetryAfter: time.UnixMilli(a.LockedUntil).Sub(now)}
	}
	ok, err := VerifyPassword(password, a.PasswordHash)
	if a.Kind != "local" || a.PasswordHash == "" || err != nil || !ok {
		return NewSession{}, s.loginFailed(ctx, a, "bad_password", true)
	}
	if a.Disabled {
		return NewSession{}, s.loginFailed(ctx, a, "disabled", false)
	}
	seed, err := s.openSeed(a.Username, a.TOTPSecret)
	if err != nil {
		s.log.ErrorContext(ctx, "totp seed", "admin", a.Username, "err", err)
	}
	step := checkTOTP(seed, code, now)
	if err != nil || step == 0 || step <= a.TOTPLastStep {
		reason := "bad_totp"
		if err == nil && step != 0 {
			reason = "totp_replayed"
		}
		return NewSession{}, s.loginFailed(ctx, a, reason, true)
	}
	var ns NewSession
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.RecordLoginSuccess(ctx, a.ID, step); err != nil {
			if errors.Is(err, store.ErrConflict) { // a concurrent sign-in used the same code
				return ErrInvalidCredentials
			}
			return err
		}
		ns, err = s.startSession(ctx, a, "local")
		return err
	})
	if errors.Is(err, ErrInvalidCredentials) {
		return NewSession{}, s.loginFailed(ctx, a, "totp_replayed", true)
	}
	return ns, err
}

// loginFailed records a failure, counts it towards the lock when count is
// set, and returns the error the caller sees.
func (s *Service) loginFailed(ctx context.Context, a store.AdminUser, reason string, count bool) error {
	var locked time.Duration
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		if count && a.ID != 0 {
			var err error
			if locked, err = s.recordFailure(ctx, a); err != nil {
				return err
			}
		}
		return s.loginFailedRecord(ctx, a, reason)
	})
	if err != nil {
		return err
	}
	if locked > 0 {
		return &LockedError{RetryAfter: locked}
	}
	return ErrInvalidCredentials
}

// recordFailure counts a failed attempt on a and returns the lock it
// earned (0: none).
func (s *Service) recordFailure(ctx context.Context, a store.AdminUser) (time.Duration, error) {
	var locked time.Duration
	_, err := s.st.RecordLoginFailure(ctx, a.ID, func(failed int) int64 {
		over := failed - s.opt.LoginMaxFailures
		if over < 0 {
			return 0
		}
		locked = s.opt.LockoutBase << min(over, 30)
		if locked > s.opt.LockoutMax || locked <= 0 {
			locked = s.opt.LockoutMax
		}
		return s.now().Add(locked).UnixMilli()
	})
	return locked, err
}

// countFailure counts a failed self-service check; a lock it earns is the
// error returned.
func (s *Service) countFailure(ctx context.Context, a store.AdminUser) error {
	locked, err := s.recordFailure(ctx, a)
	if err != nil {
		return err
	}
	if locked > 0 {
		return &LockedError{RetryAfter: locked}
	}
	return nil
}

func (s *Service) lockLeft(a store.AdminUser) time.Duration {
	return time.UnixMilli(a.LockedUntil).Sub(s.now())
}

func (s *Service) loginFailedRecord(ctx context.Context, a store.AdminUser, reason string) error {
	m := reqmeta.From(ctx)
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.AddLogin(ctx, store.Login{AdminID: a.ID, Username: a.Username, Method: "local", Outcome: "failure",
			Reason: reason, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		actx := WithPrincipal(ctx, Principal{ID: a.ID, Name: a.Username, Kind: KindAnonymous})
		return s.audit.Record(actx, auditevent.Event{Action: "auth.login", Target: "admin:" + a.Username, Outcome: "failure",
			Reason: reason, Metadata: map[string]any{"method": "local"}})
	})
}

// startSession creates a session for a, records the sign-in and audits it.
func (s *Service) startSession(ctx context.Context, a store.AdminUser, method string) (NewSession, error) {
	roles, err := s.st.AdminRoles(ctx, a.ID)
	if err != nil {
		return NewSession{}, err
	}
	now := s.now()
	id := randomToken(32)
	m := reqmeta.From(ctx)
	se := store.Session{
		IDHash: hashSecret(id), AdminID: a.ID, CSRFToken: randomToken(32), IP: m.IP, UserAgent: m.UserAgent,
		AuthMethod: method, CreatedAt: now.UnixMilli(), LastSeenAt: now.UnixMilli(),
		ExpiresAt: now.Add(s.opt.SessionIdle).UnixMilli(), AbsoluteExpiresAt: now.Add(s.opt.SessionAbsolute).UnixMilli(),
	}
	p := Principal{ID: a.ID, Name: a.Username, Kind: KindAdmin, Grants: grantsFromRoles(roles),
		SessionIDHash: se.IDHash, CSRFToken: se.CSRFToken}
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.CreateSession(ctx, se); err != nil {
			return err
		}
		if err := s.st.AddLogin(ctx, store.Login{AdminID: a.ID, Username: a.Username, Method: method, Outcome: "success",
			IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		return s.audit.Record(WithPrincipal(ctx, p), auditevent.Event{Action: "auth.login", Target: "admin:" + a.Username,
			Outcome: "success", Metadata: map[string]any{"method": method}})
	})
	if err != nil {
		return NewSession{}, err
	}
	return NewSession{ID: id, Principal: p, ExpiresAt: time.UnixMilli(se.AbsoluteExpiresAt)}, nil
}

// SessionPrincipal resolves a session cookie. A missing, revoked or unknown
// session is ErrUnauthenticated; one past its idle or absolute deadline is
// ErrSessionExpired. Use moves the idle deadline forward.
func (s *Service) SessionPrincipal(ctx context.Context, id string) (Principal, error) {
	if id == "" || len(id) > 128 {
		return Principal{}, ErrUnauthenticated
	}
	se, err := s.st.SessionByHash(ctx, hashSecret(id))
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.now().UnixMilli()
	switch {
	case se.RevokedAt != 0:
		return Principal{}, ErrUnauthenticated
	case now >= se.ExpiresAt || now >= se.AbsoluteExpiresAt:
		return Principal{}, ErrSessionExpired
	}
	a, err := s.st.AdminByID(ctx, se.AdminID)
	if err != nil {
		return Principal{}, err
	}
	if a.Disabled {
		return Principal{}, ErrUnauthenticated
	}
	roles, err := s.st.AdminRoles(ctx, a.ID)
	if err != nil {
		return Principal{}, err
	}
	// Touch at most every 15 s: idle accuracy does not need a write per request.
	if now-se.LastSeenAt > 15_000 {
		if err := s.st.TouchSession(ctx, se.IDHash, now, now+s.opt.SessionIdle.Milliseconds()); err != nil {
			return Principal{}, err
		}
	}
	return Principal{ID: a.ID, Name: a.Username, Kind: KindAdmin, Grants: grantsFromRoles(roles),
		SessionIDHash: se.IDHash, CSRFToken: se.CSRFToken}, nil
}

// Logout ends the caller's session.
func (s *Service) Logout(ctx context.Context) error {
	p, ok := FromContext(ctx)
	if !ok || p.SessionIDHash == "" {
		return ErrUnauthenticated
	}
	return s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		return auditevent.Event{Action: "auth.logout", Target: "admin:" + p.Name, Outcome: "success"}, s.st.RevokeSession(ctx, p.SessionIDHash)
	})
}

// LogoutAll ends every session of the caller (sign-out everywhere).
func (s *Service) LogoutAll(ctx context.Context) (int64, error) {
	p, ok := FromContext(ctx)
	if !ok || p.Kind != KindAdmin {
		return 0, ErrUnauthenticated
	}
	var n int64
	err := s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		var err error
		n, err = s.st.RevokeAdminSessions(ctx, p.ID)
		return auditevent.Event{Action: "auth.logout_all", Target: "admin:" + p.Name, Outcome: "success",
			Metadata: map[string]any{"sessions": n}}, err
	})
	return n, err
}

// StartSession starts a session for an admin authenticated by other means
// (tests, a demo's automatic sign-in). It is audited like any sign-in.
func (s *Service) StartSession(ctx context.Context, adminID int64, method string) (NewSession, error) {
	a, err := s.st.AdminByID(ctx, adminID)
	if err != nil {
		return NewSession{}, err
	}
	if a.Disabled {
		return NewSession{}, ErrUnauthenticated
	}
	return s.startSession(ctx, a, method)
}

// RunJanitor deletes sessions that ended more than a day ago and expires
// enrolment links (audited), every
// interval until ctx ends; run it under supervise.Group.
func (s *Service) RunJanitor(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := s.st.DeleteExpiredSessions(ctx, s.now().Add(-24*time.Hour).UnixMilli()); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "delete expired sessions", "err", err)
		}
		if err := s.ExpireEnrolments(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "expire enrolment links", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

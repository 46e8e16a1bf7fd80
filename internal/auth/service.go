package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store"
)

// Errors the API maps to stable codes.
var (
	ErrInvalidCredentials = errors.New("auth: invalid credentials")
	ErrSessionExpired     = fmt.Errorf("auth: session expired: %w", ErrUnauthenticated)
	ErrCSRF               = fmt.Errorf("auth: CSRF token missing or wrong: %w", ErrForbidden)
	ErrAccountLocked      = errors.New("auth: account locked")
	// ErrEnrolmentInvalid is an enrolment link that is unknown, used,
	// replaced by a newer one or expired: all look alike.
	ErrEnrolmentInvalid = errors.New("auth: enrolment link invalid or expired")
	// ErrCurrentCredentials is a wrong current password or code in a
	// self-service change (not ErrInvalidCredentials: the session stays).
	ErrCurrentCredentials = errors.New("auth: current password or code wrong")
	// ErrTOTPCode is a wrong code from a TOTP seed being enrolled.
	ErrTOTPCode = errors.New("auth: the code does not match the new authenticator")
)

// LockedError says how long a locked account stays locked.
type LockedError struct{ RetryAfter time.Duration }

func (e *LockedError) Error() string {
	return fmt.Sprintf("auth: account locked for %s", e.RetryAfter.Round(time.Second))
}
func (e *LockedError) Is(target error) bool { return target == ErrAccountLocked }

// InputError is a request the caller must fix; its message is safe to show.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func invalidf(format string, a ...any) error { return &InputError{Msg: fmt.Sprintf(format, a...)} }

// Auditor records audit events, joining the transaction on ctx;
// *audit.Recorder is one (auth cannot import audit, which reads the caller
// from here, so the event type is the leaf auditevent.Event).
type Auditor interface {
	Record(ctx context.Context, e auditevent.Event) error
}

// Options tune sessions and lockout (from config.Security).
type Options struct {
	SessionIdle      time.Duration
	SessionAbsolute  time.Duration
	LoginMaxFailures int
	LockoutBase      time.Duration
	LockoutMax       time.Duration
	Issuer           string // shown in authenticator apps
	Password         PasswordParams
	// LoginsPerMinute limits sign-in attempts per client address (burst
	// LoginBurst); 0 means 20 a minute, burst 20. Negative turns it off.
	LoginsPerMinute int
	LoginBurst      int
}

func (o *Options) defaults() {
	if o.SessionIdle == 0 {
		o.SessionIdle = 30 * time.Minute
	}
	if o.SessionAbsolute == 0 {
		o.SessionAbsolute = 12 * time.Hour
	}
	if o.LoginMaxFailures == 0 {
		o.LoginMaxFailures = 5
	}
	if o.LockoutBase == 0 {
		o.LockoutBase = time.Minute
	}
	if o.LockoutMax == 0 {
		o.LockoutMax = time.Hour
	}
	if o.Issuer == "" {
		o.Issuer = "Wecom Admin Portal"
	}
	if o.LoginsPerMinute == 0 {
		o.LoginsPerMinute = 20
	}
	if o.LoginBurst == 0 {
		o.LoginBurst = 20
	}
	if o.Password == (PasswordParams{}) {
		o.Password = DefaultPasswordParams
	}
}

// Service signs people and machines in and manages admins and tokens.
type Service struct {
	st    *store.Store
	audit Auditor
	log   *slog.Logger
	opt   Options
	now   func() time.Time
	oidc  []*oidcProvider
	box   *secretbox.Box // seals TOTP seeds at rest; nil: stored plain
	limit *ipLimiter
	// perAccount limits attempts on one username from any number of
	// addresses, apart from the per-address limit (a botnet guessing one
	// account).
	perAccount *ipLimiter
	unknown    unknownUsers // failures of usernames that do not exist
	// dummyHash is verified for unknown users, so timing does not reveal which usernames exist.
	dummyHash string
}

// NewService builds the service. audit must not be nil.
func NewService(st *store.Store, audit Auditor, log *slog.Logger, opt Options) (*Service, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opt.defaults()
	dummy, err := HashPassword("not a password", opt.Password)
	if err != nil {
		return nil, err
	}
	return &Service{st: st, audit: audit, log: log, opt: opt, now: time.Now, dummyHash: dummy,
		limit: newIPLimiter(opt.LoginsPerMinute, opt.LoginBurst), perAccount: newIPLimiter(accountLoginsPerMinute, accountLoginBurst)}, nil
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is how session ids and API tokens are stored: SHA-256, hex.
// They carry 256 random bits, so a plain hash is enough (no brute force).
func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func grantsFromRoles(roles []store.AdminRole) []Grant {
	out := make([]Grant, 0, len(roles))
	for _, r := range roles {
		out = append(out, Grant{Role: Role(r.Role), CorpID: r.CorpID, Departments: r.Departments})
	}
	return out
}

func rolesFromGrants(gs []Grant) ([]store.AdminRole, error) {
	out := make([]store.AdminRole, 0, len(gs))
	for _, g := range gs {
		if !g.Role.Valid() {
			return nil, invalidf("unknown role %q", g.Role)
		}
		for _, d := range g.Departments {
			if d == "" || len(d) > 512 {
				return nil, invalidf("department path must be 1-512 characters")
			}
		}
		out = append(out, store.AdminRole{Role: string(g.Role), CorpID: g.CorpID, Departments: g.Departments})
	}
	return out, nil
}

// audited runs fn and its audit entry in one transaction.
func (s *Service) audited(ctx context.Context, fn func(ctx context.Context) (auditevent.Event, error)) error {
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		e, err := fn(ctx)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, e)
	})
}

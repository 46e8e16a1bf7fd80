package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store"
)

// EnrolmentTTL is how long an enrolment link can be used.
const EnrolmentTTL = 72 * time.Hour

// EnrolmentLink is a new link's token (shown once, kept only hashed) and deadline.
type EnrolmentLink struct {
	Token     string
	ExpiresAt time.Time
}

// EnrolmentPage is what the person opening a link sees: who they enrol as
// and the TOTP seed to add to their authenticator (the same on every
// opening until the link is used).
type EnrolmentPage struct {
	Username   string
	ExpiresAt  time.Time
	TOTPSecret string
	OTPAuthURL string
}

// CreateEnrolment gives a local admin a new one-time link to set their own
// password and TOTP (a reset). Earlier open links of that admin stop
// working. The caller's grants must cover the admin's roles.
func (s *Service) CreateEnrolment(ctx context.Context, adminID int64) (EnrolmentLink, error) {
	var link EnrolmentLink
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.st.AdminByID(ctx, adminID)
		if err != nil {
			return err
		}
		if _, err := s.GetAdmin(ctx, adminID); err != nil { // invisible admins are not found
			return err
		}
		if err := s.requireCoversAdmin(ctx, adminID); err != nil {
			return err
		}
		if a.Kind != "local" {
			return invalidf("only local accounts enrol with a link; %s signs in through an identity provider", a.Username)
		}
		link, err = s.createEnrolment(ctx, a)
		return err
	})
	return link, err
}

func (s *Service) createEnrolment(ctx context.Context, a store.AdminUser) (EnrolmentLink, error) {
	now := s.now()
	tok := randomToken(32)
	by := ""
	if p, ok := FromContext(ctx); ok {
		by = p.Kind + ":" + p.Name
	}
	e := store.Enrolment{AdminID: a.ID, TokenHash: hashSecret(tok), CreatedBy: by, CreatedAt: now.UnixMilli(),
		ExpiresAt: now.Add(EnrolmentTTL).UnixMilli()}
	err := s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		e2, replaced, err := s.st.CreateEnrolment(ctx, e)
		ids := make([]int64, 0, len(replaced))
		for _, r := range replaced {
			ids = append(ids, r.ID)
		}
		return auditevent.Event{Action: "enrolment.create", Target: "admin:" + a.Username, Outcome: "success",
			Metadata: map[string]any{"enrolment_id": e2.ID, "expires_at": e.ExpiresAt, "replaced": ids}}, err
	})
	if err != nil {
		return EnrolmentLink{}, err
	}
	return EnrolmentLink{Token: tok, ExpiresAt: time.UnixMilli(e.ExpiresAt)}, nil
}

// openEnrolment finds an open, unexpired link and its admin.
func (s *Service) openEnrolment(ctx context.Context, token string) (store.Enrolment, store.AdminUser, error) {
	if !s.limit.allow(reqmeta.From(ctx).IP, s.now()) {
		return store.Enrolment{}, store.AdminUser{}, ErrRateLimited
	}
	if token == "" || len(token) > 128 {
		return store.Enrolment{}, store.AdminUser{}, ErrEnrolmentInvalid
	}
	e, err := s.st.EnrolmentByHash(ctx, hashSecret(token))
	if errors.Is(err, store.ErrNotFound) || err == nil && (e.EndedAt != 0 || e.ExpiresAt <= s.now().UnixMilli()) {
		return store.Enrolment{}, store.AdminUser{}, ErrEnrolmentInvalid
	}
	if err != nil {
		return store.Enrolment{}, store.AdminUser{}, err
	}
	a, err := s.st.AdminByID(ctx, e.AdminID)
	if err != nil {
		return store.Enrolment{}, store.AdminUser{}, err
	}
	if a.Disabled {
		return store.Enrolment{}, store.AdminUser{}, ErrEnrolmentInvalid
	}
	return e, a, nil
}

// OpenEnrolment shows a link's page: the account and a new TOTP seed, kept
// (sealed) with the link until it is used.
func (s *Service) OpenEnrolment(ctx context.Context, token string) (EnrolmentPage, error) {
	e, a, err := s.openEnrolment(ctx, token)
	if err != nil {
		return EnrolmentPage{}, err
	}
	seed := ""
	if e.TOTPPending != "" {
		if seed, err = s.openSeed(a.Username, e.TOTPPending); err != nil {
			return EnrolmentPage{}, err
		}
	} else {
		seed = NewTOTPSecret()
		sealed, err := s.sealSeed(a.Username, seed)
		if err != nil {
			return EnrolmentPage{}, err
		}
		if err := s.st.SetEnrolmentTOTP(ctx, e.ID, sealed); err != nil {
			return EnrolmentPage{}, err
		}
	}
	return EnrolmentPage{Username: a.Username, ExpiresAt: time.UnixMilli(e.ExpiresAt), TOTPSecret: seed,
		OTPAuthURL: OTPAuthURL(s.opt.Issuer, a.Username, seed)}, nil
}

// CompleteEnrolment uses a link: the person's own password and a code from
// the seed the page showed. The link is spent, every session of the account
// ends, and the use is audited (never the password or the seed).
func (s *Service) CompleteEnrolment(ctx context.Context, token, password, code string) error {
	e, a, err := s.openEnrolment(ctx, token)
	if err != nil {
		return err
	}
	if len([]rune(password)) < MinPasswordLen {
		return invalidf("password must be at least %d characters", MinPasswordLen)
	}
	if e.TOTPPending == "" {
		return invalidf("open the enrolment page first: it shows the authenticator key")
	}
	seed, err := s.openSeed(a.Username, e.TOTPPending)
	if err != nil {
		return err
	}
	step := checkTOTP(seed, code, s.now())
	if step == 0 {
		return ErrTOTPCode
	}
	hash, err := HashPassword(password, s.opt.Password)
	if err != nil {
		return err
	}
	actor := WithPrincipal(ctx, Principal{ID: a.ID, Name: a.Username, Kind: KindAnonymous})
	return s.audited(actor, func(ctx context.Context) (auditevent.Event, error) {
		if err := s.st.UseEnrolment(ctx, e.ID, s.now().UnixMilli()); err != nil {
			if errors.Is(err, store.ErrConflict) { // used at the same moment by another request
				return auditevent.Event{}, ErrEnrolmentInvalid
			}
			return auditevent.Event{}, err
		}
		if err := s.st.SetAdminCredentials(ctx, a.ID, hash, e.TOTPPending, step); err != nil {
			return auditevent.Event{}, err
		}
		n, err := s.st.RevokeAdminSessions(ctx, a.ID)
		return auditevent.Event{Action: "enrolment.use", Target: "admin:" + a.Username, Outcome: "success",
			Metadata: map[string]any{"enrolment_id": e.ID, "sessions_ended": n}}, err
	})
}

// ExpireEnrolments ends the links past their deadline, auditing each.
func (s *Service) ExpireEnrolments(ctx context.Context) error {
	sys := WithPrincipal(ctx, Principal{Name: "system:enrolment", Kind: KindSystem})
	return s.st.WithTx(sys, func(ctx context.Context) error {
		es, err := s.st.ExpireEnrolments(ctx, s.now().UnixMilli())
		if err != nil {
			return err
		}
		for _, e := range es {
			a, err := s.st.AdminByID(ctx, e.AdminID)
			if err != nil {
				return fmt.Errorf("auth: expire enrolment %d: %w", e.ID, err)
			}
			if err := s.audit.Record(ctx, auditevent.Event{Action: "enrolment.expire", Target: "admin:" + a.Username, Outcome: "success",
				Metadata: map[string]any{"enrolment_id": e.ID, "expires_at": e.ExpiresAt}}); err != nil {
				return err
			}
		}
		return nil
	})
}

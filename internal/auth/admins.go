package auth

import (
	"context"
	"fmt"
	"regexp"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/store"
)

// AdminSpec describes an admin to create.
type AdminSpec struct {
	Username    string
	DisplayName string
	Email       string
	Kind        string // "local" (password + TOTP) or "oidc" (signs in through a provider)
	Password    string // local only
	TOTPSecret  string // local only; empty: generated
	Grants      []Grant
}

// CreatedAdmin is a new admin and, for local ones, either the TOTP
// enrolment shown once (a password was given: the CLI's bootstrap) or the
// one-time enrolment link the person sets their own password and TOTP with.
type CreatedAdmin struct {
	Admin      store.AdminUser
	Roles      []store.AdminRole
	TOTPSecret string
	OTPAuthURL string
	Enrolment  *EnrolmentLink
}

// AdminView is an admin with its roles.
type AdminView struct {
	store.AdminUser
	Roles []store.AdminRole
}

var usernameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$`)

// MinPasswordLen is the shortest password CreateAdmin accepts.
const MinPasswordLen = 12

// CreateAdmin creates an admin (audited as admin.create). A local admin
// created without a password gets a one-time enrolment link instead, so the
// creator never knows the password or the TOTP seed.
func (s *Service) CreateAdmin(ctx context.Context, spec AdminSpec) (CreatedAdmin, error) {
	if spec.Kind == "" {
		spec.Kind = "local"
	}
	if spec.Kind == "local" && spec.Password == "" && spec.TOTPSecret == "" {
		var out CreatedAdmin
		err := s.st.WithTx(ctx, func(ctx context.Context) error {
			var err error
			if out, err = s.createAdmin(ctx, spec); err != nil {
				return err
			}
			link, err := s.createEnrolment(ctx, out.Admin)
			out.Enrolment = &link
			return err
		})
		return out, err
	}
	if spec.Kind == "local" && len([]rune(spec.Password)) < MinPasswordLen {
		return CreatedAdmin{}, invalidf("password must be at least %d characters", MinPasswordLen)
	}
	return s.createAdmin(ctx, spec)
}

// CreateLocalAdmin creates a local admin with one unscoped role and, when
// totpSecret is set, that fixed TOTP secret (the demo's admin). It skips the
// password length rule, for demos and tests; people use CreateAdmin.
func (s *Service) CreateLocalAdmin(ctx context.Context, username, password string, role Role, totpSecret string) (CreatedAdmin, error) {
	if password == "" {
		return CreatedAdmin{}, invalidf("password required")
	}
	return s.createAdmin(ctx, AdminSpec{Username: username, DisplayName: username, Kind: "local", Password: password,
		TOTPSecret: totpSecret, Grants: []Grant{{Role: role}}})
}

func (s *Service) createAdmin(ctx context.Context, spec AdminSpec) (CreatedAdmin, error) {
	if !usernameRe.MatchString(spec.Username) {
		return CreatedAdmin{}, invalidf("username must be 1-128 of letters, digits, '.', '_', '@', '-'")
	}
	if spec.Kind != "local" && spec.Kind != "oidc" {
		return CreatedAdmin{}, invalidf("kind must be local or oidc")
	}
	if len(spec.Grants) == 0 {
		return CreatedAdmin{}, invalidf("at least one role is required")
	}
	roles, err := rolesFromGrants(spec.Grants)
	if err != nil {
		return CreatedAdmin{}, err
	}
	if err := RequireCovers(ctx, spec.Grants...); err != nil {
		return CreatedAdmin{}, fmt.Errorf("auth: grant roles beyond your own: %w", err)
	}
	a := store.AdminUser{Username: spec.Username, DisplayName: spec.DisplayName, Email: spec.Email, Kind: spec.Kind}
	var out CreatedAdmin
	if spec.Kind == "local" && spec.Password != "" {
		secret := spec.TOTPSecret
		if secret == "" {
			secret = NewTOTPSecret()
		}
		if secret, err = NormalizeTOTPSecret(secret); err != nil {
			return CreatedAdmin{}, invalidf("%v", err)
		}
		if a.PasswordHash, err = HashPassword(spec.Password, s.opt.Password); err != nil {
			return CreatedAdmin{}, err
		}
		if a.TOTPSecret, err = s.sealSeed(spec.Username, secret); err != nil {
			return CreatedAdmin{}, err
		}
		out.TOTPSecret, out.OTPAuthURL = secret, OTPAuthURL(s.opt.Issuer, spec.Username, secret)
	}
	err = s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		var err error
		a, err = s.st.CreateAdmin(ctx, a, roles)
		return auditevent.Event{Action: "admin.create", Target: "admin:" + spec.Username, Outcome: "success",
			Metadata: map[string]any{"kind": spec.Kind, "roles": roles}}, err
	})
	if err != nil {
		return CreatedAdmin{}, err
	}
	out.Admin, out.Roles = a, roles
	return out, nil
}

// ListAdmins returns every admin with roles.
func (s *Service) ListAdmins(ctx context.Context) ([]AdminView, error) {
	as, err := s.st.ListAdmins(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]AdminView, 0, len(as))
	for _, a := range as {
		roles, err := s.st.AdminRoles(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		if !visible(ctx, grantsFromRoles(roles)) {
			continue
		}
		out = append(out, AdminView{a, roles})
	}
	return out, nil
}

// GetAdmin returns one admin with roles.
func (s *Service) GetAdmin(ctx context.Context, id int64) (AdminView, error) {
	a, err := s.st.AdminByID(ctx, id)
	if err != nil {
		return AdminView{}, err
	}
	roles, err := s.st.AdminRoles(ctx, id)
	if p, ok := FromContext(ctx); ok && p.SameAs(KindAdmin, id) {
		return AdminView{a, roles}, err // everyone sees themselves
	}
	if err == nil && !visible(ctx, grantsFromRoles(roles)) {
		return AdminView{}, fmt.Errorf("auth: admin %d: %w", id, store.ErrNotFound)
	}
	return AdminView{a, roles}, err
}

// SetRoles replaces an admin's roles and scopes (audited as admin.update_roles).
// Sessions keep running: roles are read on every request, so a change applies at once.
func (s *Service) SetRoles(ctx context.Context, id int64, grants []Grant) (AdminView, error) {
	roles, err := rolesFromGrants(grants)
	if err != nil {
		return AdminView{}, err
	}
	if p, ok := FromContext(ctx); ok && p.Kind == KindAdmin && p.ID == id && p.Can(AdminsWrite) &&
		!(Principal{Kind: KindAdmin, Grants: grants}).Can(AdminsWrite) {
		return AdminView{}, invalidf("you cannot remove your own right to manage admins")
	}
	err = s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		a, err := s.st.AdminByID(ctx, id)
		if err != nil {
			return auditevent.Event{}, err
		}
		before, err := s.st.AdminRoles(ctx, id)
		if err != nil {
			return auditevent.Event{}, err
		}
		if err := RequireCovers(ctx, append(grantsFromRoles(before), grants...)...); err != nil {
			return auditevent.Event{}, fmt.Errorf("auth: change roles beyond your own: %w", err)
		}
		return auditevent.Event{Action: "admin.update_roles", Target: "admin:" + a.Username, Outcome: "success",
			Metadata: map[string]any{"before": before, "after": roles}}, s.st.SetAdminRoles(ctx, id, roles)
	})
	if err != nil {
		return AdminView{}, err
	}
	return s.GetAdmin(ctx, id)
}

// SetDisabled disables (ending every session) or re-enables an admin. An
// admin cannot disable themselves.
func (s *Service) SetDisabled(ctx context.Context, id int64, disabled bool) (AdminView, error) {
	if p, ok := FromContext(ctx); ok && p.Kind == KindAdmin && p.ID == id && disabled {
		return AdminView{}, invalidf("you cannot disable yourself")
	}
	action := "admin.enable"
	if disabled {
		action = "admin.disable"
	}
	err := s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		a, err := s.st.AdminByID(ctx, id)
		if err != nil {
			return auditevent.Event{}, err
		}
		if err := s.requireCoversAdmin(ctx, id); err != nil {
			return auditevent.Event{}, err
		}
		a.Disabled = disabled
		if err := s.st.UpdateAdmin(ctx, a); err != nil {
			return auditevent.Event{}, err
		}
		var n int64
		if disabled {
			if n, err = s.st.RevokeAdminSessions(ctx, id); err != nil {
				return auditevent.Event{}, err
			}
		}
		return auditevent.Event{Action: action, Target: "admin:" + a.Username, Outcome: "success",
			Metadata: map[string]any{"sessions_ended": n}}, nil
	})
	if err != nil {
		return AdminView{}, err
	}
	return s.GetAdmin(ctx, id)
}

// visible reports whether the caller on ctx may see an admin or token with
// these grants: a caller with admins:read over every corp sees all; one
// limited to corps sees those whose every grant is in a corp it holds
// whole. No caller (CLI) sees all.
func visible(ctx context.Context, grants []Grant) bool {
	p, ok := FromContext(ctx)
	if !ok || p.Kind == KindSystem || p.CanInCorp(AdminsRead, "") {
		return true
	}
	for _, g := range grants {
		if g.CorpID == "" || !p.CanInCorp(AdminsRead, g.CorpID) {
			return false
		}
	}
	return len(grants) > 0
}

// requireCoversAdmin checks that the caller's grants cover every role of
// admin id: a corp admin cannot disable or re-enable a global one.
func (s *Service) requireCoversAdmin(ctx context.Context, id int64) error {
	roles, err := s.st.AdminRoles(ctx, id)
	if err != nil {
		return err
	}
	if err := RequireCovers(ctx, grantsFromRoles(roles)...); err != nil {
		return fmt.Errorf("auth: manage an admin beyond your own grants: %w", err)
	}
	return nil
}

// Logins returns an admin's recent sign-in attempts.
func (s *Service) Logins(ctx context.Context, id int64, limit int) ([]store.Login, error) {
	if _, err := s.GetAdmin(ctx, id); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.st.ListLogins(ctx, id, limit)
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store"
)

// OIDCConfig is one identity provider (see config.OIDCProvider).
type OIDCConfig struct {
	Name, DisplayName, Issuer, ClientID, ClientSecret string
	Scopes                                            []string
	RolesClaim                                        string // default "roles" (Entra app roles); "groups" for group claims
	UserClaim                                         string // default "preferred_username"
	Mappings                                          []OIDCMapping
}

// OIDCMapping grants Grant to users whose roles claim holds Value.
type OIDCMapping struct {
	Value string
	Grant Grant
}

// ProviderInfo is what the sign-in page lists.
type ProviderInfo struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
}

// ErrOIDC is any failed OIDC sign-in; the detail is logged, not shown.
var ErrOIDC = errors.New("auth: OIDC sign-in failed")

type oidcProvider struct {
	cfg OIDCConfig
	mu  sync.Mutex
	// Discovery happens on first use, so a provider that is down at start
	// does not stop the portal (local break-glass accounts still work).
	provider *oidc.Provider
}

func (p *oidcProvider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	pr, err := oidc.NewProvider(dctx, p.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery %s: %w", p.cfg.Name, err)
	}
	p.provider = pr
	return pr, nil
}

func (p *oidcProvider) oauth(pr *oidc.Provider, redirectURL string) *oauth2.Config {
	scopes := p.cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	}
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: pr.Endpoint(),
		RedirectURL: redirectURL, Scopes: scopes}
}

// ConfigureOIDC sets the identity providers; their roles must be valid.
func (s *Service) ConfigureOIDC(cfgs []OIDCConfig) error {
	s.oidc = nil
	for _, c := range cfgs {
		for _, m := range c.Mappings {
			if !m.Grant.Role.Valid() {
				return fmt.Errorf("auth: oidc %s: unknown role %q in role_mappings", c.Name, m.Grant.Role)
			}
		}
		if c.RolesClaim == "" {
			c.RolesClaim = "roles"
		}
		if c.UserClaim == "" {
			c.UserClaim = "preferred_username"
		}
		if c.DisplayName == "" {
			c.DisplayName = c.Name
		}
		s.oidc = append(s.oidc, &oidcProvider{cfg: c})
	}
	return nil
}

// Providers lists the configured identity providers.
func (s *Service) Providers() []ProviderInfo {
	out := []ProviderInfo{}
	for _, p := range s.oidc {
		out = append(out, ProviderInfo{Name: p.cfg.Name, DisplayName: p.cfg.DisplayName})
	}
	return out
}

func (s *Service) provider(name string) (*oidcProvider, error) {
	for _, p := range s.oidc {
		if p.cfg.Name == name || (name == "" && len(s.oidc) > 0) {
			return p, nil
		}
	}
	return nil, invalidf("unknown identity provider %q", name)
}

// OIDCStart begins an authorization-code sign-in with PKCE, state and
// nonce. It returns the provider URL to redirect to and the state, which
// the caller binds to the browser (a cookie) and must present to OIDCFinish.
func (s *Service) OIDCStart(ctx context.Context, name, redirectURL string) (authURL, state string, err error) {
	p, err := s.provider(name)
	if err != nil {
		return "", "", err
	}
	pr, err := p.discover(ctx)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := randomToken(24), randomToken(24), oauth2.GenerateVerifier()
	now := s.now()
	if err := s.st.CreateOIDCLogin(ctx, store.OIDCLogin{StateHash: hashSecret(state), Provider: p.cfg.Name, Nonce: nonce,
		Verifier: verifier, CreatedAt: now.UnixMilli()}, now.Add(-10*time.Minute).UnixMilli()); err != nil {
		return "", "", err
	}
	u := p.oauth(pr, redirectURL).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	return u, state, nil
}

// OIDCFinish completes a sign-in: it checks the state, redeems the code
// with the PKCE verifier, verifies the ID token and its nonce, maps the
// user's role claims to grants and starts a session. Users are matched by
// (issuer, subject), then by a verified e-mail address (linking a
// pre-created oidc admin); unknown users whose claims map to a role are
// created. previousID (the session
// cookie the browser sent, if any) is revoked, as in Login.
func (s *Service) OIDCFinish(ctx context.Context, state, code, redirectURL, previousID string) (NewSession, error) {
	if previousID != "" {
		_ = s.st.RevokeSession(ctx, hashSecret(previousID))
	}
	l, err := s.st.TakeOIDCLogin(ctx, hashSecret(state))
	if err != nil || s.now().Sub(time.UnixMilli(l.CreatedAt)) > 10*time.Minute {
		return NewSession{}, s.oidcFailed(ctx, "", "", "bad_state", err)
	}
	p, err := s.provider(l.Provider)
	if err != nil {
		return NewSession{}, s.oidcFailed(ctx, l.Provider, "", "unknown_provider", err)
	}
	pr, err := p.discover(ctx)
	if err != nil {
		return NewSession{}, s.oidcFailed(ctx, l.Provider, "", "discovery", err)
	}
	oc := p.oauth(pr, redirectURL)
	tok, err := oc.Exchange(ctx, code, oauth2.VerifierOption(l.Verifier))
	if err != nil {
		return NewSession{}, s.oidcFailed(ctx, l.Provider, "", "code_exchange", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := pr.Verifier(&oidc.Config{ClientID: p.cfg.ClientID, Now: s.now}).Verify(ctx, raw)
	if err != nil {
		return NewSession{}, s.oidcFailed(ctx, l.Provider, "", "id_token", err)
	}
	if idt.Nonce != l.Nonce {
		return NewSession{}, s.oidcFailed(ctx, l.Provider, idt.Subject, "nonce", nil)
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return NewSession{}, s.oidcFailed(ctx, l.Provider, idt.Subject, "claims", err)
	}
	// Many providers put profile and group claims only in UserInfo.
	if ui, err := pr.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil && ui.Subject == idt.Subject {
		extra := map[string]any{}
		if ui.Claims(&extra) == nil {
			for k, v := range extra {
				if _, ok := claims[k]; !ok {
					claims[k] = v
				}
			}
		}
	}
	return s.oidcUser(ctx, p, idt.Issuer, idt.Subject, claims)
}

// oidcUser finds (or links, or creates) the admin of a verified identity,
// makes their roles what the provider's mapped claims give, and signs them in.
func (s *Service) oidcUser(ctx context.Context, p *oidcProvider, issuer, subject string, claims map[string]any) (NewSession, error) {
	username := claimString(claims, p.cfg.UserClaim)
	if username == "" {
		username = claimString(claims, "email")
	}
	if username == "" {
		username = p.cfg.Name + ":" + subject
	}
	grants := mapGrants(p.cfg.Mappings, claimStrings(claims, p.cfg.RolesClaim))
	a, err := s.oidcAccount(ctx, p, issuer, subject, username, claims, grants)
	if err != nil {
		return NewSession{}, s.oidcFailed(ctx, p.cfg.Name, username, "no_account", err)
	}
	if a.Disabled {
		return NewSession{}, s.oidcFailed(ctx, p.cfg.Name, a.Username, "disabled", nil)
	}
	// With role mappings configured the provider is the source of truth on
	// every sign-in: a role removed there is removed here (it stayed).
	// Without mappings, roles are managed in the portal.
	if len(p.cfg.Mappings) > 0 {
		if err := s.syncOIDCRoles(ctx, a, grants); err != nil {
			return NewSession{}, err
		}
		if len(grants) == 0 {
			return NewSession{}, s.oidcFailed(ctx, p.cfg.Name, a.Username, "no_role", nil)
		}
	}
	return s.startSession(ctx, a, "oidc:"+p.cfg.Name)
}

// oidcAccount is the admin an identity signs in as. Accounts are found by
// (issuer, subject) only. A first sign-in links a pre-created, unlinked
// OIDC account when the provider vouches for the e-mail address
// (email_verified): linking by preferred_username or an unverified address
// let anyone who could set those at the provider take over the account.
func (s *Service) oidcAccount(ctx context.Context, p *oidcProvider, issuer, subject, username string, claims map[string]any, grants []Grant) (store.AdminUser, error) {
	key := store.OIDCKey(issuer, subject)
	a, err := s.st.AdminByOIDCSubject(ctx, issuer, subject)
	if !errors.Is(err, store.ErrNotFound) {
		return a, err
	}
	// Linked before identities were keyed by issuer: by the provider's name.
	if a, err := s.st.AdminByOIDCSubject(ctx, p.cfg.Name, subject); err == nil {
		return s.oidcLink(ctx, a, p, key, store.OIDCKey(p.cfg.Name, subject), "rekeyed_by_issuer")
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.AdminUser{}, err
	}
	if email := claimString(claims, "email"); email != "" && claimBool(claims, "email_verified") {
		as, err := s.st.AdminsByEmail(ctx, email)
		if err != nil {
			return store.AdminUser{}, err
		}
		var unlinked []store.AdminUser
		for _, a := range as {
			if a.Kind == "oidc" && a.OIDCSubject == "" {
				unlinked = append(unlinked, a)
			}
		}
		switch len(unlinked) {
		case 1:
			return s.oidcLink(ctx, unlinked[0], p, key, "", "verified_email")
		case 0:
		default:
			return store.AdminUser{}, fmt.Errorf("auth: %d unlinked accounts have the address of %s", len(unlinked), username)
		}
	}
	if len(grants) == 0 {
		return store.AdminUser{}, fmt.Errorf("auth: no role claim of %s maps to a role", username)
	}
	var created CreatedAdmin
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		sys := WithPrincipal(ctx, Principal{Name: "system:oidc", Kind: KindSystem})
		var err error
		// A taken username fails here: an account is never joined by name.
		if created, err = s.createAdmin(sys, AdminSpec{Username: username, DisplayName: claimString(claims, "name"),
			Email: claimString(claims, "email"), Kind: "oidc", Grants: grants}); err != nil {
			return err
		}
		created.Admin, err = s.oidcLink(ctx, created.Admin, p, key, "", "created")
		return err
	})
	return created.Admin, err
}

// oidcLink sets an admin's identity key (if it is still from) and audits it.
func (s *Service) oidcLink(ctx context.Context, a store.AdminUser, p *oidcProvider, key, from, how string) (store.AdminUser, error) {
	sys := WithPrincipal(ctx, Principal{Name: "system:oidc", Kind: KindSystem})
	err := s.audited(sys, func(ctx context.Context) (auditevent.Event, error) {
		return auditevent.Event{Action: "admin.oidc_link", Target: "admin:" + a.Username, Outcome: "success", Reason: how,
			Metadata: map[string]any{"provider": p.cfg.Name, "identity": key, "before": from}}, s.st.LinkAdminOIDC(ctx, a.ID, p.cfg.Name, key, from)
	})
	if err != nil {
		return store.AdminUser{}, err
	}
	return s.st.AdminByID(ctx, a.ID)
}

// syncOIDCRoles makes an admin's roles exactly those granted (removals
// included), audited with before and after when they change.
func (s *Service) syncOIDCRoles(ctx context.Context, a store.AdminUser, grants []Grant) error {
	roles, err := rolesFromGrants(grants)
	if err != nil {
		return err
	}
	slices.SortFunc(roles, func(a, b store.AdminRole) int { return strings.Compare(a.Role+"\x00"+a.CorpID, b.Role+"\x00"+b.CorpID) })
	sys := WithPrincipal(ctx, Principal{Name: "system:oidc", Kind: KindSystem})
	return s.st.WithTx(sys, func(ctx context.Context) error {
		cur, err := s.st.AdminRoles(ctx, a.ID)
		if err != nil || slices.EqualFunc(cur, roles, roleEqual) {
			return err
		}
		if err := s.st.SetAdminRoles(ctx, a.ID, roles); err != nil {
			return err
		}
		return s.audit.Record(ctx, auditevent.Event{Action: "admin.update_roles", Target: "admin:" + a.Username, Outcome: "success",
			Reason: "oidc claims", Metadata: map[string]any{"before": cur, "after": roles}})
	})
}

func (s *Service) oidcFailed(ctx context.Context, provider, username, reason string, cause error) error {
	s.log.WarnContext(ctx, "oidc sign-in failed", "provider", provider, "reason", reason, "err", cause)
	m := reqmeta.From(ctx)
	_ = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.AddLogin(ctx, store.Login{Username: username, Method: "oidc:" + provider, Outcome: "failure",
			Reason: reason, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		return s.audit.Record(WithPrincipal(ctx, Principal{Name: username, Kind: KindAnonymous}), auditevent.Event{
			Action: "auth.login", Target: "admin:" + username, Outcome: "failure", Reason: reason,
			Metadata: map[string]any{"method": "oidc:" + provider}})
	})
	return fmt.Errorf("%w: %s", ErrOIDC, reason)
}

func mapGrants(ms []OIDCMapping, values []string) []Grant {
	var out []Grant
	for _, m := range ms {
		if slices.Contains(values, m.Value) && !slices.ContainsFunc(out, func(g Grant) bool {
			return g.Role == m.Grant.Role && g.CorpID == m.Grant.CorpID
		}) {
			out = append(out, m.Grant)
		}
	}
	return out
}

func roleEqual(a, b store.AdminRole) bool {
	return a.Role == b.Role && a.CorpID == b.CorpID && slices.Equal(a.Departments, b.Departments)
}

func claimString(c map[string]any, k string) string {
	s, _ := c[k].(string)
	return s
}

// claimBool reads a boolean claim; some providers send "true" as a string.
func claimBool(c map[string]any, k string) bool {
	switch v := c[k].(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

func claimStrings(c map[string]any, k string) []string {
	switch v := c[k].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

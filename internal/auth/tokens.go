package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/store"
)

// DefaultTokenTTL is the lifetime of a token made through the API without
// one (the CLI's "never" stays for operators).
const DefaultTokenTTL = 90 * 24 * time.Hour

// TokenPrefix starts every API token, so secret scanners can spot leaked ones.
const TokenPrefix = "wa_"

// TokenSpec describes a token to create.
type TokenSpec struct {
	Name        string
	Role        Role
	CorpID      string
	Departments []string
	TTL         time.Duration // 0: never expires
}

var tokenNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// CreateToken makes an API token limited by role and scope like a person.
// The token is returned once; only its hash is stored. The creator is the
// caller on ctx (or the CLI's system actor).
func (s *Service) CreateToken(ctx context.Context, spec TokenSpec) (string, store.APIToken, error) {
	if !tokenNameRe.MatchString(spec.Name) {
		return "", store.APIToken{}, invalidf("token name must be 1-64 of letters, digits, '.', '_', '-'")
	}
	roles, err := rolesFromGrants([]Grant{{Role: spec.Role, CorpID: spec.CorpID, Departments: spec.Departments}})
	if err != nil {
		return "", store.APIToken{}, err
	}
	if err := RequireCovers(ctx, Grant{Role: spec.Role, CorpID: spec.CorpID, Departments: spec.Departments}); err != nil {
		return "", store.APIToken{}, fmt.Errorf("auth: mint a token beyond your own grants: %w", err)
	}
	if spec.TTL < 0 {
		return "", store.APIToken{}, invalidf("token lifetime must not be negative")
	}
	if p, ok := FromContext(ctx); ok && p.Kind != KindSystem && spec.TTL == 0 {
		spec.TTL = DefaultTokenTTL // tokens made through the API expire unless a lifetime is given
	}
	raw := TokenPrefix + randomToken(32)
	t := store.APIToken{Name: spec.Name, TokenHash: hashSecret(raw), Prefix: raw[:10], Role: roles[0].Role,
		CorpID: spec.CorpID, Departments: roles[0].Departments, CreatedBy: actorName(ctx)}
	if p, ok := FromContext(ctx); ok {
		t.CreatedByKind, t.CreatedByID = p.owner()
	}
	if spec.TTL > 0 {
		t.ExpiresAt = s.now().Add(spec.TTL).UnixMilli()
	}
	err = s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		var err error
		t, err = s.st.CreateAPIToken(ctx, t)
		return auditevent.Event{Action: "token.create", Target: "token:" + spec.Name, CorpID: spec.CorpID, Outcome: "success",
			Metadata: map[string]any{"role": t.Role, "departments": t.Departments, "expires_at": t.ExpiresAt}}, err
	})
	if err != nil {
		return "", store.APIToken{}, err
	}
	return raw, t, nil
}

// ListTokens returns every token (never the secret).
func (s *Service) ListTokens(ctx context.Context) ([]store.APIToken, error) {
	ts, err := s.st.ListAPITokens(ctx)
	if err != nil {
		return nil, err
	}
	out := ts[:0]
	for _, t := range ts {
		if visible(ctx, []Grant{{Role: Role(t.Role), CorpID: t.CorpID, Departments: t.Departments}}) {
			out = append(out, t)
		}
	}
	return out, nil
}

// RevokeToken revokes a token at once.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	return s.audited(ctx, func(ctx context.Context) (auditevent.Event, error) {
		t, err := s.st.APITokenByID(ctx, id)
		if err != nil {
			return auditevent.Event{}, err
		}
		if err := RequireCovers(ctx, Grant{Role: Role(t.Role), CorpID: t.CorpID, Departments: t.Departments}); err != nil {
			return auditevent.Event{}, fmt.Errorf("auth: revoke a token beyond your own grants: %w", err)
		}
		return auditevent.Event{Action: "token.revoke", Target: "token:" + t.Name, CorpID: t.CorpID, Outcome: "success"},
			s.st.RevokeAPIToken(ctx, id)
	})
}

// TokenPrincipal resolves a bearer token; unknown, revoked or expired ones
// are ErrUnauthenticated.
func (s *Service) TokenPrincipal(ctx context.Context, raw string) (Principal, error) {
	if !strings.HasPrefix(raw, TokenPrefix) || len(raw) > 128 {
		return Principal{}, ErrUnauthenticated
	}
	t, err := s.st.APITokenByHash(ctx, hashSecret(raw))
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.now().UnixMilli()
	if t.RevokedAt != 0 || (t.ExpiresAt != 0 && now >= t.ExpiresAt) {
		return Principal{}, ErrUnauthenticated
	}
	if err := s.st.TouchAPIToken(ctx, t.ID, now); err != nil {
		s.log.WarnContext(ctx, "touch api token", "token_id", t.ID, "err", err)
	}
	return Principal{ID: t.ID, Name: t.Name, Kind: KindToken, OwnerKind: t.CreatedByKind, OwnerID: t.CreatedByID,
		Grants: []Grant{{Role: Role(t.Role), CorpID: t.CorpID, Departments: t.Departments}}}, nil
}

// actorName names the caller on ctx for created_by columns.
func actorName(ctx context.Context) string {
	if p, ok := FromContext(ctx); ok {
		return p.Name
	}
	return "system"
}

// ParseTTL reads a lifetime like "90d", "12h" or "30m"; "" and "0" mean never.
func ParseTTL(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || days <= 0 || days > 3650 {
			return 0, invalidf("bad lifetime %q", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, invalidf("bad lifetime %q (use e.g. 90d or 12h)", s)
	}
	return d, nil
}

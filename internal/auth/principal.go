package auth

import (
	"context"
	"errors"
	"slices"
)

// ErrUnauthenticated means the request carries no valid session or token.
var ErrUnauthenticated = errors.New("auth: not signed in")

// ErrForbidden means the caller lacks the permission or scope.
var ErrForbidden = errors.New("auth: forbidden")

// Grant is one role, optionally limited to a corp and departments.
type Grant struct {
	Role        Role
	CorpID      string   // empty: every corp
	Departments []string // department paths; empty: whole corp
}

// Principal is who is calling: a person (admin user) or an API token.
type Principal struct {
	ID     int64
	Name   string
	Kind   string // "admin", "token"; "anonymous" for a failed sign-in; "system" for CLI and jobs
	Grants []Grant
	// Set for a browser session: the hash of its id (to end it) and its CSRF token.
	SessionIDHash string
	CSRFToken     string
}

// Principal kinds.
const (
	KindAdmin     = "admin"
	KindToken     = "token"
	KindAnonymous = "anonymous"
	KindSystem    = "system"
)

// Can reports whether any grant gives p. Every signed-in caller has Authenticated.
func (p Principal) Can(perm Permission) bool {
	if perm == Authenticated {
		return p.Kind == KindAdmin || p.Kind == KindToken
	}
	return slices.ContainsFunc(p.Grants, func(g Grant) bool { return g.Role.Has(perm) })
}

// CanInCorp reports whether a grant covering corpID gives perm.
func (p Principal) CanInCorp(perm Permission, corpID string) bool {
	return slices.ContainsFunc(p.Grants, func(g Grant) bool {
		return g.Role.Has(perm) && (g.CorpID == "" || g.CorpID == corpID)
	})
}

type principalKey struct{}

// WithPrincipal puts the caller on the context.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the caller, if any.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

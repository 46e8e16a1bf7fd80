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
	Kind   string // "admin" or "token"
	Grants []Grant
}

// Can reports whether any grant gives p.
func (p Principal) Can(perm Permission) bool {
	return slices.ContainsFunc(p.Grants, func(g Grant) bool { return g.Role.Has(perm) })
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

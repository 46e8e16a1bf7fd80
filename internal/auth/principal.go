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
	// For an API token: the person who made it. Approvals treat a token as
	// its maker, so nobody approves their own export through a token.
	OwnerKind string
	OwnerID   int64
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

// CanInCorp reports whether a grant covering the whole of corpID gives
// perm. A department-limited grant does not: it reaches only its
// departments (see ScopeFor and ReachesCorp). corpID "" means every corp,
// which only a grant with no corp and no departments covers.
func (p Principal) CanInCorp(perm Permission, corpID string) bool {
	return ScopeFor(p, perm, corpID).All
}

// ReachesCorp reports whether some grant gives perm in corpID, if only in
// some of its departments. corpID "" (every corp) needs a grant with no
// corp.
func (p Principal) ReachesCorp(perm Permission, corpID string) bool {
	return slices.ContainsFunc(p.Grants, func(g Grant) bool {
		return g.Role.Has(perm) && (g.CorpID == "" || g.CorpID == corpID)
	})
}

// Covers reports whether p's own grants cover everything g gives: every
// permission of g's role, in g's corp and departments. Nobody grants,
// changes or revokes what their grants do not cover.
func (p Principal) Covers(g Grant) bool {
	for _, perm := range g.Role.Permissions() {
		sc := ScopeFor(p, perm, g.CorpID)
		if sc.All {
			continue
		}
		if len(g.Departments) == 0 {
			return false
		}
		for _, d := range g.Departments {
			if !sc.Allows(d) {
				return false
			}
		}
	}
	return true
}

// SameAs reports whether q is the same caller as p: kind and id both
// (tokens and admins share id numbers).
func (p Principal) SameAs(kind string, id int64) bool { return p.Kind == kind && p.ID == id }

// Acts reports whether p is, or acts for, the principal (kind, id): the
// same caller, or a token made by that person.
func (p Principal) Acts(kind string, id int64) bool {
	return p.SameAs(kind, id) || (kind != "" && p.OwnerKind == kind && p.OwnerID == id)
}

// owner is who stands behind p: a token's maker, else p itself.
func (p Principal) owner() (string, int64) {
	if p.Kind == KindToken && p.OwnerKind != "" {
		return p.OwnerKind, p.OwnerID
	}
	return p.Kind, p.ID
}

// RequireInCorp is the service layer's check of a corp-bound read or write:
// the caller on ctx must hold perm over the whole corp. No caller (CLI,
// jobs) and the system actor pass: routes always put their caller on ctx.
func RequireInCorp(ctx context.Context, perm Permission, corpID string) error {
	p, ok := FromContext(ctx)
	if !ok || p.Kind == KindSystem || p.CanInCorp(perm, corpID) {
		return nil
	}
	return ErrForbidden
}

// RequireReach is RequireInCorp for work a department-limited grant may do
// in its departments; the caller then narrows it with ScopeFor.
func RequireReach(ctx context.Context, perm Permission, corpID string) error {
	p, ok := FromContext(ctx)
	if !ok || p.Kind == KindSystem || p.ReachesCorp(perm, corpID) {
		return nil
	}
	return ErrForbidden
}

// RequireCovers checks that the caller on ctx covers every grant.
func RequireCovers(ctx context.Context, grants ...Grant) error {
	p, ok := FromContext(ctx)
	if !ok || p.Kind == KindSystem {
		return nil
	}
	for _, g := range grants {
		if !p.Covers(g) {
			return ErrForbidden
		}
	}
	return nil
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

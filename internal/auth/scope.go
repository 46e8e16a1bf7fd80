package auth

import (
	"context"
	"slices"

	"wecomadmin/internal/store"
)

// ScopeFor returns the departments of corpID whose data p may see with perm:
// the union over p's grants that give perm and cover the corp. A grant
// without departments sees the whole corp. No matching grant sees nothing.
// Queries of employees, contacts, conversations, media and exports apply it
// in SQL with store.DeptScope.Where("department_path").
func ScopeFor(p Principal, perm Permission, corpID string) store.DeptScope {
	var sc store.DeptScope
	for _, g := range p.Grants {
		if !g.Role.Has(perm) || (g.CorpID != "" && g.CorpID != corpID) {
			continue
		}
		if len(g.Departments) == 0 {
			return store.DeptScope{All: true}
		}
		for _, d := range g.Departments {
			if !slices.Contains(sc.Paths, d) {
				sc.Paths = append(sc.Paths, d)
			}
		}
	}
	return sc
}

// ScopeFromContext is ScopeFor for the caller on ctx; no caller sees nothing.
func ScopeFromContext(ctx context.Context, perm Permission, corpID string) store.DeptScope {
	p, ok := ctx.Value(principalKey{}).(Principal)
	if !ok {
		return store.DeptScope{}
	}
	return ScopeFor(p, perm, corpID)
}

package accounts

import (
	"context"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// CodeOutOfScope warns of an HR row whose department the caller's grant
// does not reach: the row is left alone, never created, updated or removed.
const CodeOutOfScope = "out_of_scope"

// callerScope is the departments of corpID the caller on ctx may act on
// with perm. No caller (CLI, jobs) and the system actor act on all.
func callerScope(ctx context.Context, perm auth.Permission, corpID string) store.DeptScope {
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == auth.KindSystem {
		return store.DeptScope{All: true}
	}
	return auth.ScopeFor(p, perm, corpID)
}

// scopeImport leaves out of a department-scoped import the rows outside
// its departments (reported, and kept as "present" so the planner does not
// read their absence as a removal).
func scopeImport(im *Import, sc store.DeptScope) {
	if sc.All {
		return
	}
	kept := im.Records[:0]
	for _, r := range im.Records {
		if sc.Allows(r.Department) {
			kept = append(kept, r)
			continue
		}
		im.Skipped = append(im.Skipped, r.EmployeeID)
		im.Report.addWarning(r.Line, ColDepartment, CodeOutOfScope, "department outside your grant: row left alone")
	}
	im.Records = kept
}

package store

import "strings"

// DeptScope limits a query to departments: a role assignment scoped to
// "总部/医学部" sees that department and every department below it. The zero
// value sees nothing; All sees the whole corp.
type DeptScope struct {
	All   bool
	Paths []string
}

// Where returns a portable SQL condition on column (a department path
// column) with ? placeholders, for use inside any store query.
func (d DeptScope) Where(column string) (string, []any) {
	if d.All {
		return "1=1", nil
	}
	if len(d.Paths) == 0 {
		return "1=0", nil
	}
	conds := make([]string, 0, len(d.Paths))
	args := make([]any, 0, 2*len(d.Paths))
	for _, p := range d.Paths {
		// substr avoids LIKE, whose wildcards could appear in department names.
		conds = append(conds, "("+column+" = ? OR substr("+column+", 1, ?) = ?)")
		args = append(args, p, int64(len([]rune(p+"/"))), p+"/")
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// Allows reports whether a department path is inside the scope.
func (d DeptScope) Allows(path string) bool {
	if d.All {
		return true
	}
	for _, p := range d.Paths {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

package store

import (
	"context"
	"fmt"
	"strings"

	"wecomadmin/internal/textindex"
)

// maxPushedParties is the most employees a department scope (or filter)
// may hold for the search to look them up in the index's party column.
// Past it, candidates are checked one by one against the scope in SQL
// only: an OR of hundreds of party terms costs more than it saves.
const maxPushedParties = 48

// pushScope turns a narrow department scope, and a department filter,
// into index terms: "the message involves one of these employees", which
// the party column answers, so a reviewer of a small department no longer
// walks the corp's hits checking each. The SQL condition (employeeIn)
// still decides exactly; this only narrows what the index yields. It
// reports false when a scope holds no employee at all: nothing can match.
func (s *Store) pushScope(ctx context.Context, f *MessageFilter) (bool, error) {
	f.partyAny, f.scopeIDs, f.deptIDs = nil, nil, nil
	type target struct {
		scope DeptScope
		ids   *[]string
	}
	var scopes []target
	if !f.Scope.All {
		scopes = append(scopes, target{f.Scope, &f.scopeIDs})
	}
	if f.Department != "" {
		scopes = append(scopes, target{DeptScope{Paths: []string{f.Department}}, &f.deptIDs})
	}
	for _, sc := range scopes {
		w, args := sc.scope.Where("department_path")
		rows, err := s.readQuery(ctx, `SELECT userid FROM employees WHERE corp_id = ? AND userid IS NOT NULL AND `+w+` LIMIT ?`,
			append(append([]any{f.CorpID}, args...), maxPushedParties+1)...)
		if err != nil {
			return false, fmt.Errorf("store: search scope: %w", err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return false, fmt.Errorf("store: search scope: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return false, fmt.Errorf("store: search scope: %w", err)
		}
		if len(ids) == 0 {
			return false, nil
		}
		if len(ids) <= maxPushedParties && s.partyExpr(ids) != "" {
			f.partyAny = append(f.partyAny, ids)
			*sc.ids = ids
		}
	}
	return true, nil
}

// partyExpr renders "involves one of ids" for the dialect's match
// expression, or "" when an id holds nothing FTS5 indexes (then the group
// cannot be pushed: the OR would miss that employee's messages).
func (s *Store) partyExpr(ids []string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		if s.dialect == Postgres {
			parts = append(parts, textindex.PartyTSQuery(id))
			continue
		}
		p := textindex.PartyFTS5(id)
		if p == "" {
			return ""
		}
		parts = append(parts, p)
	}
	if s.dialect == Postgres {
		return "(" + strings.Join(parts, " | ") + ")"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

package store

import (
	"context"
	"fmt"
)

// RelationTag is one channel tag (the "state" of the contact way a customer
// came through) with how many relations carry it.
type RelationTag struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// RelationTags lists the channel tags in use in a corp, most used first, so
// the contacts filter offers every tag and not only those of a loaded page.
// scope limits the count to the caller's departments (nil: unrestricted).
func (s *Store) RelationTags(ctx context.Context, corpID string, scope *DeptScope, limit int) ([]RelationTag, error) {
	where, args := "r.corp_id = ? AND r.state_tag <> ''", []any{corpID}
	if scope != nil && !scope.All {
		w, a := scope.Where("e.department_path")
		where += " AND r.userid IN (SELECT e.userid FROM employees e WHERE e.corp_id = r.corp_id AND " + w + ")"
		args = append(args, a...)
	}
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.query(ctx, `SELECT r.state_tag, COUNT(*) FROM follow_relations r WHERE `+where+
		fmt.Sprintf(` GROUP BY r.state_tag ORDER BY COUNT(*) DESC, r.state_tag LIMIT %d`, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: relation tags: %w", err)
	}
	defer rows.Close()
	out := []RelationTag{}
	for rows.Next() {
		var t RelationTag
		if err := rows.Scan(&t.Tag, &t.Count); err != nil {
			return nil, fmt.Errorf("store: scan relation tag: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

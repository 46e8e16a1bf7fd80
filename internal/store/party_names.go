package store

import (
	"context"
	"fmt"
	"strings"
)

// PartyNames maps the given ids of a corp (employee userids, external
// contact ids, group chat ids) to display names; ids with no name are
// left out. Exports label speakers and conversations with it.
func (s *Store) PartyNames(ctx context.Context, corpID string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{corpID}
	for _, id := range ids {
		args = append(args, id)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	for _, q := range []string{
		`SELECT userid, name FROM employees WHERE corp_id = ? AND userid IN (` + in + `)`,
		`SELECT external_userid, name FROM external_contacts WHERE corp_id = ? AND external_userid IN (` + in + `)`,
		`SELECT chat_id, name FROM group_chats WHERE corp_id = ? AND chat_id IN (` + in + `)`,
	} {
		if err := s.collectNames(ctx, q, args, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) collectNames(ctx context.Context, q string, args []any, out map[string]string) error {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: party names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return fmt.Errorf("store: party names: %w", err)
		}
		if name != "" {
			out[id] = name
		}
	}
	return rows.Err()
}

// CountMessages counts the messages f selects (an export's progress total).
func (s *Store) CountMessages(ctx context.Context, f MessageFilter) (int64, error) {
	w, args := s.messageWhere(f)
	var n int64
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM messages m WHERE "+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count messages: %w", err)
	}
	return n, nil
}

package store

import (
	"context"
	"fmt"
	"strings"
)

// PartyName is how a conversation participant is shown to reviewers: an
// employee by name and department, an external contact by name and the
// company WeCom reports for them.
type PartyName struct {
	Kind       string `json:"kind"` // employee or contact
	Name       string `json:"name"`
	CorpName   string `json:"corp_name,omitempty"`
	Department string `json:"department,omitempty"`
}

// PartyNames resolves userids and external userids of one corp to names;
// ids the portal has not synced yet are simply absent from the map.
func (s *Store) PartyNames(ctx context.Context, corpID string, ids []string) (map[string]PartyName, error) {
	out := map[string]PartyName{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(corpID, ids)
	rows, err := s.readQuery(ctx, `SELECT userid, name, department_path FROM employees WHERE corp_id = ? AND userid IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: employee names: %w", err)
	}
	for rows.Next() {
		var id string
		p := PartyName{Kind: "employee"}
		if err := rows.Scan(&id, &p.Name, &p.Department); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: employee names: %w", err)
		}
		out[id] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: employee names: %w", err)
	}
	rows, err = s.readQuery(ctx, `SELECT external_userid, name, corp_name FROM external_contacts
		WHERE corp_id = ? AND external_userid IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: contact names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		p := PartyName{Kind: "contact"}
		if err := rows.Scan(&id, &p.Name, &p.CorpName); err != nil {
			return nil, fmt.Errorf("store: contact names: %w", err)
		}
		out[id] = p
	}
	return out, rows.Err()
}

// RoomNames resolves group chat ids to names: the archive's room cache
// first, then the customer-group list of the contacts sync.
func (s *Store) RoomNames(ctx context.Context, corpID string, roomIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(roomIDs) == 0 {
		return out, nil
	}
	in, args := inList(corpID, roomIDs)
	for _, q := range []string{
		`SELECT chat_id, name FROM group_chats WHERE corp_id = ? AND name <> '' AND chat_id IN (` + in + `)`,
		`SELECT roomid, name FROM archive_rooms WHERE corp_id = ? AND name <> '' AND roomid IN (` + in + `)`,
	} {
		if err := s.collectPairs(ctx, q, args, out); err != nil {
			return nil, fmt.Errorf("store: room names: %w", err)
		}
	}
	return out, nil
}

// collectPairs reads (key, value) rows into out, later queries winning.
func (s *Store) collectPairs(ctx context.Context, q string, args []any, out map[string]string) error {
	rows, err := s.readQuery(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		out[k] = v
	}
	return rows.Err()
}

// inList is the placeholders and arguments of "corp_id = ? AND x IN (...)".
func inList(corpID string, ids []string) (string, []any) {
	args := make([]any, 0, len(ids)+1)
	args = append(args, corpID)
	for _, id := range ids {
		args = append(args, id)
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args
}

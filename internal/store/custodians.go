package store

import (
	"context"
	"fmt"
)

// UnknownCustodians returns the ids of ids (of kind employee, contact or
// room) that the corp knows nowhere: not synced and never seen in the
// archive. A legal hold on such an id would hold nothing while looking
// active. The synced tables answer first; the archive (messages) only for
// ids they do not know, since holds are rare and short lists.
func (s *Store) UnknownCustodians(ctx context.Context, corpID, kind string, ids []string) ([]string, error) {
	var synced, archived string
	switch kind {
	case "employee":
		synced = `SELECT 1 FROM employees WHERE corp_id = ? AND userid = ?`
		archived = `SELECT 1 FROM messages WHERE corp_id = ? AND (from_id = ? OR ` + s.contains("tolist", "?") + `) LIMIT 1`
	case "contact":
		synced = `SELECT 1 FROM external_contacts WHERE corp_id = ? AND external_userid = ?
			UNION ALL SELECT 1 FROM follow_relations WHERE corp_id = ? AND external_userid = ?`
		archived = `SELECT 1 FROM messages WHERE corp_id = ? AND (from_id = ? OR ` + s.contains("tolist", "?") + `) LIMIT 1`
	case "room":
		synced = `SELECT 1 FROM group_chats WHERE corp_id = ? AND chat_id = ?
			UNION ALL SELECT 1 FROM archive_rooms WHERE corp_id = ? AND roomid = ?`
		archived = `SELECT 1 FROM messages WHERE corp_id = ? AND roomid = ? LIMIT 1`
	default:
		return nil, fmt.Errorf("store: unknown custodians: unknown kind %q", kind)
	}
	var out []string
	for _, id := range ids {
		args := []any{corpID, id}
		if kind != "employee" {
			args = append(args, corpID, id)
		}
		ok, err := s.exists(ctx, synced, args)
		if err == nil && !ok {
			args = []any{corpID, id}
			if kind != "room" {
				args = append(args, `"`+id+`"`)
			}
			ok, err = s.exists(ctx, archived, args)
		}
		if err != nil {
			return nil, fmt.Errorf("store: unknown custodians: %w", err)
		}
		if !ok {
			out = append(out, id)
		}
	}
	return out, nil
}

func (s *Store) exists(ctx context.Context, q string, args []any) (bool, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	return rows.Next(), rows.Err()
}

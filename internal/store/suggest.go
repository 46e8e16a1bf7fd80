package store

import (
	"context"
	"fmt"
	"strings"
)

// Suggestion is one answer of a name picker: the id a filter or form takes
// and the name a person recognises.
type Suggestion struct {
	Kind   string `json:"kind"` // employee, contact or room
	ID     string `json:"id"`
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"` // department, the contact's company, or the room's id
}

// SuggestFilter asks for names containing Query (or ids starting with it).
type SuggestFilter struct {
	CorpID string
	Kind   string // employee, contact or room
	Query  string
	// Scope keeps employees inside the caller's departments, contacts
	// followed by such an employee and rooms owned or created by one.
	Scope DeptScope
	Limit int
}

// Suggest lists people or rooms of one corp whose name contains f.Query or
// whose id starts with it, by name.
func (s *Store) Suggest(ctx context.Context, f SuggestFilter) ([]Suggestion, error) {
	if f.Limit <= 0 || f.Limit > 50 {
		f.Limit = 20
	}
	q := escapeLike(strings.TrimSpace(f.Query))
	has, starts := "%"+q+"%", q+"%"
	w, wa := f.Scope.Where("e.department_path")
	inScope := func(col string) string {
		return col + " IN (SELECT e.userid FROM employees e WHERE e.corp_id = ? AND " + w + ")"
	}
	var sqlText string
	var args []any
	switch f.Kind {
	case "employee":
		sqlText = `SELECT 'employee', e.userid, e.name, e.department_path FROM employees e
			WHERE e.corp_id = ? AND (e.name LIKE ? ESCAPE '\' OR e.userid LIKE ? ESCAPE '\') AND ` + w + ` ORDER BY e.name, e.userid LIMIT ?`
		args = append([]any{f.CorpID, has, starts}, wa...)
	case "contact":
		sqlText = `SELECT 'contact', c.external_userid, c.name, c.corp_name FROM external_contacts c
			WHERE c.corp_id = ? AND (c.name LIKE ? ESCAPE '\' OR c.external_userid LIKE ? ESCAPE '\') AND EXISTS (SELECT 1 FROM follow_relations r
			WHERE r.corp_id = c.corp_id AND r.external_userid = c.external_userid AND ` + inScope("r.userid") + `)
			ORDER BY c.name, c.external_userid LIMIT ?`
		args = append([]any{f.CorpID, has, starts, f.CorpID}, wa...)
	case "room":
		// A room may be in both lists (a customer group that is also archived): one row per room.
		sqlText = `SELECT 'room', id, MAX(name), id FROM (
			SELECT g.chat_id AS id, g.name AS name FROM group_chats g WHERE g.corp_id = ? AND g.name <> ''
				AND (g.name LIKE ? ESCAPE '\' OR g.chat_id LIKE ? ESCAPE '\') AND ` + inScope("g.owner") + `
			UNION ALL
			SELECT a.roomid, a.name FROM archive_rooms a WHERE a.corp_id = ? AND a.name <> ''
				AND (a.name LIKE ? ESCAPE '\' OR a.roomid LIKE ? ESCAPE '\') AND ` + inScope("a.creator") + `
		) u GROUP BY id ORDER BY MAX(name), id LIMIT ?`
		args = append(append(append([]any{f.CorpID, has, starts, f.CorpID}, wa...), f.CorpID, has, starts, f.CorpID), wa...)
	default:
		return nil, fmt.Errorf("store: suggest: unknown kind %q", f.Kind)
	}
	rows, err := s.readQuery(ctx, sqlText, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: suggest %s: %w", f.Kind, err)
	}
	defer rows.Close()
	out := []Suggestion{}
	for rows.Next() {
		var sg Suggestion
		if err := rows.Scan(&sg.Kind, &sg.ID, &sg.Name, &sg.Detail); err != nil {
			return nil, fmt.Errorf("store: scan suggestion: %w", err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

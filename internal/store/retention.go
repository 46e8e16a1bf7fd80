package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// RetentionRule keeps a corp's messages (of a msgtype, of a department's
// employees, when set) for Days.
type RetentionRule struct {
	ID         int64  `json:"id"`
	CorpID     string `json:"corp_id"`
	MsgType    string `json:"msgtype"`
	Department string `json:"department"`
	Days       int    `json:"days"`
	UpdatedBy  string `json:"updated_by"`
	UpdatedAt  int64  `json:"updated_at"`
}

// UpsertRetentionRule creates or replaces the rule for (corp, msgtype, department).
func (s *Store) UpsertRetentionRule(ctx context.Context, r RetentionRule) (RetentionRule, error) {
	now := s.nowMS()
	err := s.queryRow(ctx, `INSERT INTO retention_rules (corp_id, msgtype, department, days, updated_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (corp_id, msgtype, department) DO UPDATE SET days = excluded.days,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at RETURNING id`,
		r.CorpID, r.MsgType, r.Department, r.Days, r.UpdatedBy, now, now).Scan(&r.ID)
	if err != nil {
		return RetentionRule{}, fmt.Errorf("store: upsert retention rule: %w", err)
	}
	r.UpdatedAt = now
	return r, nil
}

// DeleteRetentionRule removes a rule.
func (s *Store) DeleteRetentionRule(ctx context.Context, corpID string, id int64) (RetentionRule, error) {
	var r RetentionRule
	err := s.queryRow(ctx, `DELETE FROM retention_rules WHERE corp_id = ? AND id = ?
		RETURNING id, corp_id, msgtype, department, days, updated_by, updated_at`, corpID, id).
		Scan(&r.ID, &r.CorpID, &r.MsgType, &r.Department, &r.Days, &r.UpdatedBy, &r.UpdatedAt)
	if err != nil {
		return RetentionRule{}, notFound(err, fmt.Sprintf("retention rule %d", id))
	}
	return r, nil
}

// RetentionRules lists a corp's rules.
func (s *Store) RetentionRules(ctx context.Context, corpID string) ([]RetentionRule, error) {
	rows, err := s.query(ctx, `SELECT id, corp_id, msgtype, department, days, updated_by, updated_at FROM retention_rules
		WHERE corp_id = ? ORDER BY msgtype, department`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: retention rules: %w", err)
	}
	defer rows.Close()
	out := []RetentionRule{}
	for rows.Next() {
		var r RetentionRule
		if err := rows.Scan(&r.ID, &r.CorpID, &r.MsgType, &r.Department, &r.Days, &r.UpdatedBy, &r.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: retention rules: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LegalHold suspends deletion of what it covers: messages in [FromTime,
// ToTime] (0 = open) of its custodians (none named: the whole corp).
type LegalHold struct {
	ID         int64    `json:"id"`
	CorpID     string   `json:"corp_id"`
	Matter     string   `json:"matter"`
	Employees  []string `json:"employees"`
	Contacts   []string `json:"contacts"`
	Rooms      []string `json:"rooms"`
	FromTime   int64    `json:"from"`
	ToTime     int64    `json:"to"`
	State      string   `json:"state"` // active, released
	CreatedBy  string   `json:"created_by"`
	ReleasedBy string   `json:"released_by,omitempty"`
	ReleasedAt int64    `json:"released_at,omitempty"`
	CreatedAt  int64    `json:"created_at"`
	UpdatedAt  int64    `json:"updated_at"`
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// SaveLegalHold creates (ID 0) or updates a hold.
func (s *Store) SaveLegalHold(ctx context.Context, h LegalHold) (LegalHold, error) {
	now := s.nowMS()
	if h.State == "" {
		h.State = "active"
	}
	var err error
	if h.ID == 0 {
		h.CreatedAt = now
		err = s.queryRow(ctx, `INSERT INTO legal_holds (corp_id, matter, employees, contacts, rooms, from_time, to_time, state,
			created_by, released_by, released_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			h.CorpID, h.Matter, jsonList(h.Employees), jsonList(h.Contacts), jsonList(h.Rooms), h.FromTime, h.ToTime, h.State,
			h.CreatedBy, h.ReleasedBy, h.ReleasedAt, now, now).Scan(&h.ID)
	} else {
		_, err = s.exec(ctx, `UPDATE legal_holds SET matter = ?, employees = ?, contacts = ?, rooms = ?, from_time = ?, to_time = ?,
			state = ?, released_by = ?, released_at = ?, updated_at = ? WHERE id = ? AND corp_id = ?`,
			h.Matter, jsonList(h.Employees), jsonList(h.Contacts), jsonList(h.Rooms), h.FromTime, h.ToTime, h.State,
			h.ReleasedBy, h.ReleasedAt, now, h.ID, h.CorpID)
	}
	if err != nil {
		return LegalHold{}, fmt.Errorf("store: save legal hold: %w", err)
	}
	h.UpdatedAt = now
	return h, nil
}

// LegalHolds lists a corp's holds ("" state: all).
func (s *Store) LegalHolds(ctx context.Context, corpID, state string) ([]LegalHold, error) {
	rows, err := s.query(ctx, `SELECT id, corp_id, matter, employees, contacts, rooms, from_time, to_time, state, created_by,
		released_by, released_at, created_at, updated_at FROM legal_holds WHERE corp_id = ? AND (? = '' OR state = ?) ORDER BY id`,
		corpID, state, state)
	if err != nil {
		return nil, fmt.Errorf("store: legal holds: %w", err)
	}
	defer rows.Close()
	out := []LegalHold{}
	for rows.Next() {
		var h LegalHold
		var e, c, r string
		if err := rows.Scan(&h.ID, &h.CorpID, &h.Matter, &e, &c, &r, &h.FromTime, &h.ToTime, &h.State, &h.CreatedBy,
			&h.ReleasedBy, &h.ReleasedAt, &h.CreatedAt, &h.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: legal holds: %w", err)
		}
		_ = json.Unmarshal([]byte(e), &h.Employees)
		_ = json.Unmarshal([]byte(c), &h.Contacts)
		_ = json.Unmarshal([]byte(r), &h.Rooms)
		out = append(out, h)
	}
	return out, rows.Err()
}

// LegalHoldByID returns one hold.
func (s *Store) LegalHoldByID(ctx context.Context, corpID string, id int64) (LegalHold, error) {
	hs, err := s.LegalHolds(ctx, corpID, "")
	if err != nil {
		return LegalHold{}, err
	}
	for _, h := range hs {
		if h.ID == id {
			return h, nil
		}
	}
	return LegalHold{}, fmt.Errorf("store: legal hold %d: %w", id, ErrNotFound)
}

// EmployeeDepartments maps a corp's userids to department paths.
func (s *Store) EmployeeDepartments(ctx context.Context, corpID string) (map[string]string, error) {
	rows, err := s.query(ctx, `SELECT userid, department_path FROM employees WHERE corp_id = ? AND userid IS NOT NULL`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: employee departments: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var u, d string
		if err := rows.Scan(&u, &d); err != nil {
			return nil, fmt.Errorf("store: employee departments: %w", err)
		}
		out[u] = d
	}
	return out, rows.Err()
}

// MessagesBefore returns up to limit messages of a corp older than t with
// id > afterID, in id order (the retention sweep walks them).
func (s *Store) MessagesBefore(ctx context.Context, corpID string, t, afterID int64, limit int) ([]Message, error) {
	rows, err := s.query(ctx, `SELECT `+messageCols+` FROM messages WHERE corp_id = ? AND msgtime < ? AND id > ?
		ORDER BY id LIMIT ?`, corpID, t, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: messages before: %w", err)
	}
	return collectMessages(rows)
}

// DeleteMessages deletes messages by id with their index entries and
// media rows; it returns the blob keys no remaining media row references.
func (s *Store) DeleteMessages(ctx context.Context, corpID string, ids []int64, msgids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	midArgs := []any{corpID}
	for _, m := range msgids {
		midArgs = append(midArgs, m)
	}
	in := func(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
	var keys []string
	rows, err := s.query(ctx, `SELECT DISTINCT blob_key FROM media WHERE corp_id = ? AND blob_key <> '' AND msgid IN (`+in(len(msgids))+`)`, midArgs...)
	if err != nil {
		return nil, fmt.Errorf("store: delete messages: %w", err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: delete messages: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if _, err := s.exec(ctx, `DELETE FROM media WHERE corp_id = ? AND msgid IN (`+in(len(msgids))+`)`, midArgs...); err != nil {
		return nil, fmt.Errorf("store: delete media: %w", err)
	}
	if s.dialect == SQLite {
		if err := s.flushIndex(ctx); err != nil {
			return nil, err
		}
		if _, err := s.exec(ctx, `DELETE FROM message_fts WHERE rowid IN (`+in(len(ids))+`)`, idArgs...); err != nil {
			return nil, fmt.Errorf("store: delete index entries: %w", err)
		}
	}
	if _, err := s.exec(ctx, `DELETE FROM messages WHERE id IN (`+in(len(ids))+`)`, idArgs...); err != nil {
		return nil, fmt.Errorf("store: delete messages: %w", err)
	}
	var orphans []string
	for _, k := range keys {
		var n int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM media WHERE blob_key = ?`, k).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: delete messages: %w", err)
		}
		if n == 0 {
			orphans = append(orphans, k)
		}
	}
	return orphans, nil
}

// ShrinkConversationCounts lowers conversations' message counts after a
// deletion (by conversation_id).
func (s *Store) ShrinkConversationCounts(ctx context.Context, corpID string, deleted map[string]int) error {
	for id, n := range deleted {
		if id == "" {
			continue
		}
		if _, err := s.exec(ctx, `UPDATE conversations SET message_count = CASE WHEN message_count > ? THEN message_count - ? ELSE 0 END,
			updated_at = ? WHERE corp_id = ? AND conversation_id = ?`, n, n, s.nowMS(), corpID, id); err != nil {
			return fmt.Errorf("store: shrink conversation %s: %w", id, err)
		}
	}
	return nil
}

package store

import (
	"context"
	"fmt"
	"strings"

	"wecomadmin/internal/textindex"
)

// MessageFilter narrows messages by the columns reviewers filter on; the
// search, the thread view and exports share it so scope is applied alike.
type MessageFilter struct {
	CorpID         string
	Employee       string // userid: sender or recipient
	Contact        string // external userid: sender or recipient
	RoomID         string
	ConversationID string
	Department     string // employee department path (and below)
	MsgTypes       []string
	From, To       int64 // msgtime bounds in ms, inclusive; 0 = open
	HasMedia       *bool
	Recalled       *bool  // the message was recalled by a later revoke
	Consent        string // conversation consent state
	Scope          DeptScope
	BeforeID       int64 // cursor: only ids below (newest-first paging)
}

// where renders the filter as SQL over messages aliased m.
func (s *Store) messageWhere(f MessageFilter) (string, []any) {
	conds := []string{"m.corp_id = ?"}
	args := []any{f.CorpID}
	party := func(id string) {
		conds = append(conds, "(m.from_id = ? OR "+s.contains("m.tolist", "?")+")")
		args = append(args, id, `"`+id+`"`)
	}
	if f.Employee != "" {
		party(f.Employee)
	}
	if f.Contact != "" {
		party(f.Contact)
	}
	if f.RoomID != "" {
		conds, args = append(conds, "m.roomid = ?"), append(args, f.RoomID)
	}
	if f.ConversationID != "" {
		conds, args = append(conds, "m.conversation_id = ?"), append(args, f.ConversationID)
	}
	if len(f.MsgTypes) > 0 {
		conds = append(conds, "m.msgtype IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.MsgTypes)), ",")+")")
		for _, t := range f.MsgTypes {
			args = append(args, t)
		}
	}
	if f.From > 0 {
		conds, args = append(conds, "m.msgtime >= ?"), append(args, f.From)
	}
	if f.To > 0 {
		conds, args = append(conds, "m.msgtime <= ?"), append(args, f.To)
	}
	if f.HasMedia != nil {
		conds = append(conds, map[bool]string{true: "m.has_media > 0", false: "m.has_media = 0"}[*f.HasMedia])
	}
	if f.Recalled != nil {
		e := "EXISTS (SELECT 1 FROM messages r WHERE r.corp_id = m.corp_id AND r.pre_msgid = m.msgid AND r.msgtype = 'revoke')"
		if !*f.Recalled {
			e = "NOT " + e
		}
		conds = append(conds, e)
	}
	if f.Consent != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM conversations c WHERE c.corp_id = m.corp_id AND c.conversation_id = m.conversation_id AND c.consent = ?)")
		args = append(args, f.Consent)
	}
	if f.Department != "" {
		c, a := s.employeeIn(DeptScope{Paths: []string{f.Department}})
		conds, args = append(conds, c), append(args, a...)
	}
	if !f.Scope.All {
		c, a := s.employeeIn(f.Scope)
		conds, args = append(conds, c), append(args, a...)
	}
	if f.BeforeID > 0 {
		conds, args = append(conds, "m.id < ?"), append(args, f.BeforeID)
	}
	return strings.Join(conds, " AND "), args
}

// employeeIn: the message was sent or received by an employee in scope.
func (s *Store) employeeIn(scope DeptScope) (string, []any) {
	w, a := scope.Where("e.department_path")
	return `EXISTS (SELECT 1 FROM employees e WHERE e.corp_id = m.corp_id AND (e.userid = m.from_id OR ` +
		s.contains("m.tolist", `'"' || e.userid || '"'`) + `) AND ` + w + `)`, a
}

func (s *Store) contains(hay, needle string) string {
	if s.dialect == Postgres {
		return "strpos(" + hay + ", " + needle + ") > 0"
	}
	return "instr(" + hay + ", " + needle + ") > 0"
}

// SearchMessages returns up to limit messages matching q and f, newest
// (highest id, which follows archive order) first.
func (s *Store) SearchMessages(ctx context.Context, q textindex.Query, f MessageFilter, limit int) ([]Message, error) {
	if err := s.flushIndex(ctx); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, s.searchSQL(f, "m."+strings.ReplaceAll(messageCols, ", ", ", m."), "ORDER BY m.id DESC LIMIT ?"),
		append(s.searchArgs(q, f), limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: search messages: %w", err)
	}
	return collectMessages(rows)
}

// CountSearch counts matches up to bound; exact is false when there are more.
func (s *Store) CountSearch(ctx context.Context, q textindex.Query, f MessageFilter, bound int) (n int, exact bool, err error) {
	if err := s.flushIndex(ctx); err != nil {
		return 0, false, err
	}
	sqlText := "SELECT COUNT(*) FROM (" + s.searchSQL(f, "1", "LIMIT ?") + ") x"
	if err := s.queryRow(ctx, sqlText, append(s.searchArgs(q, f), bound+1)...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("store: count search: %w", err)
	}
	if n > bound {
		return bound, false, nil
	}
	return n, true, nil
}

func (s *Store) searchSQL(f MessageFilter, cols, tail string) string {
	w, _ := s.messageWhere(f)
	if s.dialect == Postgres {
		return "SELECT " + cols + " FROM messages m WHERE m.search @@ ?::tsquery AND " + w + " " + tail
	}
	w = strings.Replace(w, "m.id < ?", "message_fts.rowid < ?", 1) // let FTS5 seek the cursor
	return "SELECT " + cols + " FROM message_fts JOIN messages m ON m.id = message_fts.rowid WHERE message_fts MATCH ? AND " +
		w + " " + strings.Replace(tail, "m.id", "message_fts.rowid", 1)
}

func (s *Store) searchArgs(q textindex.Query, f MessageFilter) []any {
	_, a := s.messageWhere(f)
	m := q.FTS5()
	if s.dialect == Postgres {
		m = q.TSQuery()
	}
	return append([]any{m}, a...)
}

func collectMessages(rows interface {
	Next() bool
	Err() error
	Close() error
	Scan(...any) error
}) ([]Message, error) {
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan message: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LikeScanMessages is the benchmarks' baseline: a full scan with
// LIKE '%term%', newest first.
func (s *Store) LikeScanMessages(ctx context.Context, corpID, term string, limit int) (int, error) {
	rows, err := s.query(ctx, `SELECT id FROM messages WHERE corp_id = ? AND content LIKE ? ORDER BY id DESC LIMIT ?`,
		corpID, "%"+term+"%", limit)
	if err != nil {
		return 0, fmt.Errorf("store: like scan: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func (s *Store) insertFTS(ctx context.Context, id int64, doc textindex.Doc) error {
	t, g := doc.FTS5()
	return s.queueFTS(ctx, ftsRow{id: id, t: t, g: g})
}

// IndexMessageText re-indexes one message with its content plus extra text
// (a voice or call transcript), in the caller's transaction if any.
func (s *Store) IndexMessageText(ctx context.Context, corpID, msgid, extra string) error {
	m, err := s.MessageByMsgID(ctx, corpID, msgid)
	if err != nil {
		return err
	}
	return s.reindex(ctx, m.ID, m.Content+"\n"+extra)
}

func (s *Store) reindex(ctx context.Context, id int64, text string) error {
	doc := textindex.Tokenize(text)
	if s.dialect == Postgres {
		_, err := s.exec(ctx, `UPDATE messages SET search = ?::tsvector WHERE id = ?`, doc.TSVector(), id)
		return wrapErr(err, "store: reindex message")
	}
	if err := s.flushIndex(ctx); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `DELETE FROM message_fts WHERE rowid = ?`, id); err != nil {
		return fmt.Errorf("store: reindex message: %w", err)
	}
	return wrapErr(s.insertFTS(ctx, id, doc), "store: reindex message")
}

// ReindexAll rebuilds the index of every message with id > after in
// batches (backfill after an upgrade); it returns the last id done.
func (s *Store) ReindexAll(ctx context.Context, after int64, batch int) (int64, int, error) {
	rows, err := s.query(ctx, `SELECT id, content FROM messages WHERE id > ? ORDER BY id LIMIT ?`, after, batch)
	if err != nil {
		return after, 0, fmt.Errorf("store: reindex: %w", err)
	}
	type rc struct {
		id   int64
		text string
	}
	var todo []rc
	for rows.Next() {
		var r rc
		if err := rows.Scan(&r.id, &r.text); err != nil {
			rows.Close()
			return after, 0, fmt.Errorf("store: reindex: %w", err)
		}
		todo = append(todo, r)
	}
	rows.Close()
	err = s.WithTx(ctx, func(ctx context.Context) error {
		for _, r := range todo {
			if err := s.reindex(ctx, r.id, r.text); err != nil {
				return err
			}
			after = r.id
		}
		return nil
	})
	return after, len(todo), err
}

func wrapErr(err error, where string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", where, err)
}

// SearchIndexSize reports the full-text index's bytes and the indexed
// text's bytes (SQLite needs the dbstat table, which the driver has).
func (s *Store) SearchIndexSize(ctx context.Context) (index, text int64, err error) {
	q1 := `SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'message_fts%'`
	q2 := `SELECT COALESCE(SUM(length(CAST(content AS BLOB))), 0) FROM messages`
	if s.dialect == Postgres {
		q1 = `SELECT pg_relation_size('messages_search') + COALESCE((SELECT SUM(pg_column_size(search)) FROM messages), 0)`
		q2 = `SELECT COALESCE(SUM(octet_length(content)), 0) FROM messages`
	}
	if err := s.queryRow(ctx, q1).Scan(&index); err != nil {
		return 0, 0, fmt.Errorf("store: index size: %w", err)
	}
	if err := s.queryRow(ctx, q2).Scan(&text); err != nil {
		return 0, 0, fmt.Errorf("store: text size: %w", err)
	}
	return index, text, nil
}

// LikeCountMessages is the benchmarks' full-scan baseline: every row's
// content tested with LIKE '%term%'.
func (s *Store) LikeCountMessages(ctx context.Context, corpID, term string) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM messages WHERE corp_id = ? AND content LIKE ?`, corpID, "%"+term+"%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: like count: %w", err)
	}
	return n, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
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

	// Set by pushScope: the employees of a narrow scope and department
	// filter, index terms (partyAny) and the exact SQL test (employeeIn).
	partyAny          [][]string
	scopeIDs, deptIDs []string
	// Set by lineage: every account of the Employee filter's employee,
	// when it has more than one (a mobile change is a new account).
	employeeIDs []string
}

// where renders the filter as SQL over messages aliased m.
func (s *Store) messageWhere(f MessageFilter) (string, []any) {
	conds := []string{"m.corp_id = ?"}
	args := []any{f.CorpID}
	party := func(id string) {
		conds = append(conds, "(m.from_id = ? OR "+s.contains("m.tolist", "?")+")")
		args = append(args, id, `"`+id+`"`)
	}
	switch {
	case len(f.employeeIDs) > 0:
		c, a := s.employeeIn(DeptScope{}, f.employeeIDs)
		conds, args = append(conds, c), append(args, a...)
	case f.Employee != "":
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
		c, a := s.employeeIn(DeptScope{Paths: []string{f.Department}}, f.deptIDs)
		conds, args = append(conds, c), append(args, a...)
	}
	if !f.Scope.All {
		c, a := s.employeeIn(f.Scope, f.scopeIDs)
		conds, args = append(conds, c), append(args, a...)
	}
	if f.BeforeID > 0 {
		conds, args = append(conds, "m.id < ?"), append(args, f.BeforeID)
	}
	return strings.Join(conds, " AND "), args
}

// employeeIn: the message was sent or received by an employee in scope.
// ids, when set, are the scope's employees read just before (pushScope):
// then the test is on the row alone, not a walk of the corp's employees.
// Otherwise the sender is looked up by userid (an index step) before the
// recipients are matched against every employee in scope.
func (s *Store) employeeIn(scope DeptScope, ids []string) (string, []any) {
	if ids != nil {
		conds := []string{"m.from_id IN (" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"}
		args := make([]any, 0, 2*len(ids))
		for _, id := range ids {
			args = append(args, id)
		}
		for _, id := range ids {
			conds, args = append(conds, s.contains("m.tolist", "?")), append(args, `"`+id+`"`)
		}
		return "(" + strings.Join(conds, " OR ") + ")", args
	}
	w, a := scope.Where("e.department_path")
	return `(EXISTS (SELECT 1 FROM employees e WHERE e.corp_id = m.corp_id AND e.userid = m.from_id AND ` + w + `) OR ` +
		`EXISTS (SELECT 1 FROM employees e WHERE e.corp_id = m.corp_id AND ` + s.contains("m.tolist", `'"' || e.userid || '"'`) +
		` AND ` + w + `))`, append(a, a...)
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
	if err := s.lineage(ctx, &f); err != nil {
		return nil, err
	}
	if ok, err := s.pushScope(ctx, &f); err != nil || !ok {
		return nil, err
	}
	if q.NeedsCheck() {
		out, _, _, err := s.checkedWalk(ctx, q, f, limit, maxCheckScan)
		return out, err
	}
	return s.searchPage(ctx, q, f, limit)
}

func (s *Store) searchPage(ctx context.Context, q textindex.Query, f MessageFilter, limit int) ([]Message, error) {
	if s.dialect == Postgres {
		return s.searchPagePG(ctx, q, f, limit, pgWalkRows)
	}
	byTime, err := s.narrowRange(ctx, f)
	if err != nil {
		return nil, err
	}
	rows, err := s.readQuery(ctx, s.searchSQL(f, "m."+strings.ReplaceAll(messageCols, ", ", ", m."), "ORDER BY m.id DESC LIMIT ?", byTime),
		append(s.searchArgs(q, f), limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: search messages: %w", err)
	}
	return collectMessages(rows)
}

// maxCheckScan bounds the candidates one checked search reads.
const maxCheckScan = 20_000

// checkedWalk serves queries whose index lookup is a superset (a phrase
// edge the index cannot pin, textindex.Term.Lossy): it walks candidates
// newest first and keeps those Matches accepts, until it has want or has
// read maxScan. It reports the candidates read and the oldest id read.
// Candidates are re-checked against the text the index was fed (content
// and transcripts, see checkText).
func (s *Store) checkedWalk(ctx context.Context, q textindex.Query, f MessageFilter, want, maxScan int) (out []Message, scanned int, oldest int64, err error) {
	page := max(want, 200)
	for scanned < maxScan {
		rows, err := s.searchPage(ctx, q, f, page)
		if err != nil {
			return nil, 0, 0, err
		}
		keep, err := s.keepMatching(ctx, q, rows)
		if err != nil {
			return nil, 0, 0, err
		}
		for i, m := range rows {
			scanned++
			oldest = m.ID
			if keep[i] {
				if out = append(out, m); len(out) == want {
					return out, scanned, oldest, nil
				}
			}
		}
		if len(rows) < page {
			return out, 0, oldest, nil // exhausted: scanned 0 says the result is complete
		}
		f.BeforeID = rows[len(rows)-1].ID
	}
	return out, scanned, oldest, nil
}

// CountSearch counts matches exactly up to bound. Past it, n is an
// estimate and exact is false: the newest-first walk stops at hit bound+1,
// and assuming hits are spread evenly over ids (archive order, so time)
// the total is the hits seen times the filter's id range over the id range
// walked. The id range is the corp's, narrowed by the time filter, each
// end one index lookup. A term that is much more frequent in recent
// messages than in old ones is overestimated, and the reverse; the UI
// shows such totals as "about N".
func (s *Store) CountSearch(ctx context.Context, q textindex.Query, f MessageFilter, bound int) (n int, exact bool, err error) {
	if err := s.flushIndex(ctx); err != nil {
		return 0, false, err
	}
	if err := s.lineage(ctx, &f); err != nil {
		return 0, false, err
	}
	if ok, err := s.pushScope(ctx, &f); err != nil || !ok {
		return 0, err == nil, err
	}
	if q.NeedsCheck() {
		out, scanned, oldest, err := s.checkedWalk(ctx, q, f, bound+1, 4*bound)
		if err != nil || (scanned == 0 && len(out) <= bound) {
			return len(out), err == nil, err
		}
		lo, hi, err := s.idRange(ctx, f)
		if err != nil {
			return 0, false, err
		}
		return estimateTotal(len(out), oldest, lo, hi), false, nil
	}
	var oldest int64
	byTime, err := s.narrowRange(ctx, f)
	if err != nil {
		return 0, false, err
	}
	sqlText := "SELECT COUNT(*), COALESCE(MIN(x.id), 0) FROM (" + s.searchSQL(f, "m.id AS id", "ORDER BY m.id DESC LIMIT ?", byTime) + ") x"
	if err := s.readQueryRow(ctx, sqlText, append(s.searchArgs(q, f), bound+1)...).Scan(&n, &oldest); err != nil {
		return 0, false, fmt.Errorf("store: count search: %w", err)
	}
	if n <= bound {
		return n, true, nil
	}
	lo, hi, err := s.idRange(ctx, f)
	if err != nil {
		return 0, false, err
	}
	return estimateTotal(n, oldest, lo, hi), false, nil
}

// estimateTotal extrapolates n hits found in ids [oldest, hi] to [lo, hi].
func estimateTotal(n int, oldest, lo, hi int64) int {
	walked := hi - oldest + 1
	if walked <= 0 || lo > oldest {
		return n
	}
	return max(n, int(float64(n)*float64(hi-lo+1)/float64(walked)+0.5))
}

// idRange bounds the ids a filter can match: the corp's first and last
// message, or the first at or after From and the last at or before To
// (ids follow archive order, which follows time closely enough for an
// estimate).
func (s *Store) idRange(ctx context.Context, f MessageFilter) (lo, hi int64, err error) {
	one := func(q string, args ...any) (int64, error) {
		var id sql.NullInt64
		if err := s.readQueryRow(ctx, q, args...).Scan(&id); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("store: count search range: %w", err)
		}
		return id.Int64, nil
	}
	if f.From > 0 {
		lo, err = one(`SELECT id FROM messages WHERE corp_id = ? AND msgtime >= ? ORDER BY msgtime LIMIT 1`, f.CorpID, f.From)
	} else {
		lo, err = one(`SELECT MIN(id) FROM messages WHERE corp_id = ?`, f.CorpID)
	}
	if err != nil {
		return 0, 0, err
	}
	if f.To > 0 {
		hi, err = one(`SELECT id FROM messages WHERE corp_id = ? AND msgtime <= ? ORDER BY msgtime DESC LIMIT 1`, f.CorpID, f.To)
	} else {
		hi, err = one(`SELECT MAX(id) FROM messages WHERE corp_id = ?`, f.CorpID)
	}
	if f.BeforeID > 0 {
		hi = min(hi, f.BeforeID-1)
	}
	return lo, hi, err
}

// searchSQL renders the search. On SQLite the join order is fixed (CROSS
// JOIN): the full-text index drives, walking rowids newest first so the
// first page never sorts all hits, and party filters are index terms.
// Only a time range holding few messages (byTime, see narrowRange) is
// walked from the messages side instead, sorting those few.
func (s *Store) searchSQL(f MessageFilter, cols, tail string, byTime bool) string {
	w, _ := s.messageWhere(f)
	if s.dialect == Postgres {
		return "SELECT " + cols + " FROM messages m WHERE m.search @@ ?::tsquery AND " + w + " " + tail
	}
	if byTime {
		return "SELECT " + cols + " FROM messages m CROSS JOIN message_fts ON message_fts.rowid = m.id WHERE message_fts MATCH ? AND " +
			w + " " + tail
	}
	w = strings.Replace(w, "m.id < ?", "message_fts.rowid < ?", 1) // let FTS5 seek the cursor
	return "SELECT " + cols + " FROM message_fts CROSS JOIN messages m ON m.id = message_fts.rowid WHERE message_fts MATCH ? AND " +
		w + " " + strings.Replace(tail, "m.id", "message_fts.rowid", 1)
}

// narrowRangeRows is the most messages a time range may hold for the
// search to start from them rather than from the index.
const narrowRangeRows = 5000

// narrowRange reports whether f's time range holds few messages of the
// corp (counting stops at narrowRangeRows, so this costs at most that many
// index steps). SQLite only: PostgreSQL's planner has the statistics.
func (s *Store) narrowRange(ctx context.Context, f MessageFilter) (bool, error) {
	if s.dialect != SQLite || (f.From == 0 && f.To == 0) {
		return false, nil
	}
	to := f.To
	if to == 0 {
		to = 1 << 62
	}
	var n int
	err := s.readQueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE corp_id = ? AND msgtime >= ? AND msgtime <= ? LIMIT ?)`,
		f.CorpID, f.From, to, narrowRangeRows+1).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: search range: %w", err)
	}
	return n <= narrowRangeRows, nil
}

// searchArgs renders the match expression: the query's terms plus each
// party filter as an index term (exactly re-checked by messageWhere).
func (s *Store) searchArgs(q textindex.Query, f MessageFilter) []any {
	_, a := s.messageWhere(f)
	m := q.FTS5()
	if s.dialect == Postgres {
		m = q.TSQuery()
	}
	employee := f.Employee
	if len(f.employeeIDs) > 0 {
		employee = ""
		if e := s.partyExpr(f.employeeIDs); e != "" && s.dialect == Postgres {
			m += " & " + e
		} else if e != "" {
			m = "(" + m + ") AND " + e
		}
	}
	for _, id := range []string{employee, f.Contact, f.RoomID} {
		switch {
		case id == "":
		case s.dialect == Postgres:
			m += " & " + textindex.PartyTSQuery(id)
		case textindex.PartyFTS5(id) != "":
			m = "(" + m + ") AND " + textindex.PartyFTS5(id)
		}
	}
	for _, ids := range f.partyAny {
		if s.dialect == Postgres {
			m += " & " + s.partyExpr(ids)
		} else {
			m = "(" + m + ") AND " + s.partyExpr(ids)
		}
	}
	return append([]any{m}, a...)
}

func collectMessages(rows *sql.Rows) ([]Message, error) {
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
	rows, err := s.readQuery(ctx, `SELECT id FROM messages WHERE corp_id = ? AND content LIKE ? ORDER BY id DESC LIMIT ?`,
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

func wrapErr(err error, where string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", where, err)
}

// LikeCountMessages is the benchmarks' full-scan baseline: every row's
// content tested with LIKE '%term%'.
func (s *Store) LikeCountMessages(ctx context.Context, corpID, term string) (int, error) {
	var n int
	err := s.readQueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE corp_id = ? AND content LIKE ?`, corpID, "%"+term+"%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: like count: %w", err)
	}
	return n, nil
}

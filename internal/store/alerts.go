package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Alert is one monitoring alert: a message (or, for a QC sample, a message
// of a sampled conversation) and the label set the detectors gave it. It is
// unique on (corp_id, msgid, labels), so re-running a policy never
// duplicates an alert and never touches one already reviewed.
type Alert struct {
	ID              int64
	CorpID          string
	MsgID           string
	ConversationID  string
	MsgTime         int64
	Employee        string // the employee party of the message (sender, else first employee recipient)
	Labels          []string
	Severity        string
	State           string // open, in_review, closed
	Assignee        string
	Disposition     string
	CaseNumber      string
	DispositionedBy string
	// The principal behind DispositionedBy: kind ("admin", "token", "system";
	// "" on rows from before it was kept) and id.
	DispositionedByKind string
	DispositionedByID   int64
	DispositionedAt     int64
	NeedsApproval       bool
	ClosedAt            int64
	DueAt               int64 // 0: no clock (not an ae alert)
	PolicyVersion       string
	QCSample            bool
	Hits                string // JSON array of detector hits
	Text                string // the classified text
	CreatedAt           int64
	UpdatedAt           int64
}

// AlertFilter selects alerts for the queue. Employee, Department and Scope
// apply to the alert's message exactly as they do to search and threads.
type AlertFilter struct {
	CorpID, Label, State, Severity, Assignee, Employee, Department, Product, ConversationID string
	Overdue, QCSample                                                                       *bool
	Now                                                                                     int64 // for Overdue
	From, To                                                                                int64 // msgtime bounds, inclusive; 0 = open
	ID                                                                                      int64
	Scope                                                                                   DeptScope
	BeforeID                                                                                int64 // cursor: ids below
}

const alertCols = `a.id, a.corp_id, a.msgid, a.conversation_id, a.msgtime, a.employee, a.labels, a.severity, a.state,
	a.assignee, a.disposition, a.case_number, a.dispositioned_by, a.dispositioned_at, a.needs_approval, a.closed_at,
	a.due_at, a.policy_version, a.qc_sample, a.hits, a.text, a.created_at, a.updated_at,
	a.dispositioned_by_kind, a.dispositioned_by_id`

func scanAlert(r scanner) (Alert, error) {
	var a Alert
	var labels string
	var needs, qc int
	err := r.Scan(&a.ID, &a.CorpID, &a.MsgID, &a.ConversationID, &a.MsgTime, &a.Employee, &labels, &a.Severity, &a.State,
		&a.Assignee, &a.Disposition, &a.CaseNumber, &a.DispositionedBy, &a.DispositionedAt, &needs, &a.ClosedAt,
		&a.DueAt, &a.PolicyVersion, &qc, &a.Hits, &a.Text, &a.CreatedAt, &a.UpdatedAt,
		&a.DispositionedByKind, &a.DispositionedByID)
	a.Labels = splitLabels(labels)
	a.NeedsApproval, a.QCSample = needs != 0, qc != 0
	return a, err
}

func splitLabels(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// InsertAlert stores a new alert unless the corp already has one for the
// message and label set; it reports whether a row was written (a.ID set).
func (s *Store) InsertAlert(ctx context.Context, a Alert) (Alert, bool, error) {
	now := s.nowMS()
	if a.State == "" {
		a.State = "open"
	}
	if a.Hits == "" {
		a.Hits = "[]"
	}
	a.CreatedAt, a.UpdatedAt = now, now
	rows, err := s.query(ctx, `INSERT INTO monitor_alerts (corp_id, msgid, conversation_id, msgtime, employee, labels, severity,
		state, assignee, due_at, policy_version, qc_sample, hits, text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (corp_id, msgid, labels) DO NOTHING RETURNING id`,
		a.CorpID, a.MsgID, a.ConversationID, a.MsgTime, a.Employee, strings.Join(a.Labels, ","), a.Severity, a.State,
		a.Assignee, a.DueAt, a.PolicyVersion, boolInt(a.QCSample), a.Hits, a.Text, now, now)
	if err != nil {
		return a, false, fmt.Errorf("store: insert alert %s: %w", a.MsgID, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return a, false, rows.Err()
	}
	if err := rows.Scan(&a.ID); err != nil {
		return a, false, fmt.Errorf("store: insert alert %s: %w", a.MsgID, err)
	}
	return a, true, rows.Err()
}

// UpdateAlert writes the review fields of a (state, assignee, disposition,
// case number, approval flag, closing time).
func (s *Store) UpdateAlert(ctx context.Context, a Alert) error {
	res, err := s.exec(ctx, `UPDATE monitor_alerts SET state = ?, assignee = ?, disposition = ?, case_number = ?,
		dispositioned_by = ?, dispositioned_by_kind = ?, dispositioned_by_id = ?, dispositioned_at = ?, needs_approval = ?,
		closed_at = ?, updated_at = ? WHERE id = ? AND corp_id = ?`,
		a.State, a.Assignee, a.Disposition, a.CaseNumber, a.DispositionedBy, a.DispositionedByKind, a.DispositionedByID,
		a.DispositionedAt, boolInt(a.NeedsApproval), a.ClosedAt, s.nowMS(), a.ID, a.CorpID)
	if err != nil {
		return fmt.Errorf("store: update alert %d: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update alert %d: %w", a.ID, ErrNotFound)
	}
	return nil
}

// AlertByID returns one alert, whatever the caller's scope (the service
// checks it with ListAlerts and AlertFilter.ID).
func (s *Store) AlertByID(ctx context.Context, id int64) (Alert, error) {
	a, err := scanAlert(s.queryRow(ctx, `SELECT `+alertCols+` FROM monitor_alerts a WHERE a.id = ?`, id))
	if err != nil {
		return Alert{}, notFound(err, fmt.Sprintf("alert %d", id))
	}
	return a, nil
}

// ListAlerts returns up to limit alerts matching f, newest id first.
func (s *Store) ListAlerts(ctx context.Context, f AlertFilter, limit int) ([]Alert, error) {
	from, w, args := s.alertWhere(f)
	rows, err := s.query(ctx, `SELECT `+alertCols+` FROM `+from+` WHERE `+w+` ORDER BY a.id DESC LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: list alerts: %w", err)
	}
	defer rows.Close()
	out := []Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan alert: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountAlerts counts alerts matching f.
func (s *Store) CountAlerts(ctx context.Context, f AlertFilter) (int64, error) {
	from, w, args := s.alertWhere(f)
	var n int64
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+w, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count alerts: %w", err)
	}
	return n, nil
}

// alertWhere renders f over monitor_alerts a left-joined to its message m.
// An alert whose message retention purged (only closed ones are) keeps its
// place in the queue: its employee, department and time filters then apply
// to the alert's own copies (employee, msgtime). Without such filters the
// message is not joined at all.
func (s *Store) alertWhere(f AlertFilter) (from, where string, args []any) {
	from = "monitor_alerts a"
	conds := []string{"a.corp_id = ?"}
	args = []any{f.CorpID}
	if !f.Scope.All || f.Employee != "" || f.Department != "" || f.From > 0 || f.To > 0 {
		from += " LEFT JOIN messages m ON m.corp_id = a.corp_id AND m.msgid = a.msgid"
		w, margs := s.messageWhere(MessageFilter{CorpID: f.CorpID, Employee: f.Employee, Department: f.Department,
			Scope: f.Scope, From: f.From, To: f.To})
		gw, gargs := s.purgedWhere(f)
		conds = append(conds, "((m.id IS NOT NULL AND "+w+") OR (m.id IS NULL AND "+gw+"))")
		args = append(append(args, margs...), gargs...)
	}
	eq := func(col, v string) {
		if v != "" {
			conds, args = append(conds, col+" = ?"), append(args, v)
		}
	}
	eq("a.state", f.State)
	eq("a.severity", f.Severity)
	eq("a.assignee", f.Assignee)
	eq("a.conversation_id", f.ConversationID)
	if f.Label != "" {
		conds, args = append(conds, s.contains("',' || a.labels || ','", "?")), append(args, ","+f.Label+",")
	}
	if f.Product != "" {
		conds, args = append(conds, s.contains("a.hits", "?")), append(args, `"product":`+jsonString(f.Product))
	}
	if f.Overdue != nil {
		c := "(a.state <> 'closed' AND a.due_at > 0 AND a.due_at < ?)"
		if !*f.Overdue {
			c = "NOT " + c
		}
		conds, args = append(conds, c), append(args, f.Now)
	}
	if f.QCSample != nil {
		conds, args = append(conds, "a.qc_sample = ?"), append(args, boolInt(*f.QCSample))
	}
	if f.ID > 0 {
		conds, args = append(conds, "a.id = ?"), append(args, f.ID)
	}
	if f.BeforeID > 0 {
		conds, args = append(conds, "a.id < ?"), append(args, f.BeforeID)
	}
	return from, strings.Join(conds, " AND "), args
}

// purgedWhere is alertWhere's message conditions for an alert whose
// message is gone, on the alert's employee and message time.
func (s *Store) purgedWhere(f AlertFilter) (string, []any) {
	conds := []string{"1=1"}
	var args []any
	if f.Employee != "" {
		conds, args = append(conds, "a.employee = ?"), append(args, f.Employee)
	}
	dept := func(scope DeptScope) {
		w, a := scope.Where("e.department_path")
		conds = append(conds, "EXISTS (SELECT 1 FROM employees e WHERE e.corp_id = a.corp_id AND e.userid = a.employee AND "+w+")")
		args = append(args, a...)
	}
	if f.Department != "" {
		dept(DeptScope{Paths: []string{f.Department}})
	}
	if !f.Scope.All {
		dept(f.Scope)
	}
	if f.From > 0 {
		conds, args = append(conds, "a.msgtime >= ?"), append(args, f.From)
	}
	if f.To > 0 {
		conds, args = append(conds, "a.msgtime <= ?"), append(args, f.To)
	}
	return strings.Join(conds, " AND "), args
}

// jsonString is v as encoding/json writes it, to match inside stored JSON.
func jsonString(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// UnflaggedConversations lists the corp's conversations with a message in
// [from, to) and no alert (flag or QC sample) on a message of that window:
// the population the QC sample is drawn from.
func (s *Store) UnflaggedConversations(ctx context.Context, corpID string, from, to int64, limit int) ([]string, error) {
	rows, err := s.query(ctx, `SELECT c.conversation_id FROM conversations c WHERE c.corp_id = ? AND c.last_msgtime >= ?
		AND c.first_msgtime < ? AND NOT EXISTS (SELECT 1 FROM monitor_alerts a WHERE a.corp_id = c.corp_id
		AND a.conversation_id = c.conversation_id AND a.msgtime >= ? AND a.msgtime < ?) ORDER BY c.conversation_id LIMIT ?`,
		corpID, from, to, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unflagged conversations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: unflagged conversations: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"fmt"
	"strings"
)

// AlertEvent is one line of an alert's history.
type AlertEvent struct {
	ID        int64  `json:"-"`
	AlertID   int64  `json:"-"`
	CorpID    string `json:"-"`
	At        int64  `json:"at"`
	Actor     string `json:"actor"`
	Action    string `json:"action"`
	FromState string `json:"from_state"`
	ToState   string `json:"to_state"`
	Detail    string `json:"detail"`
}

// AlertNote is a reviewer's note on an alert.
type AlertNote struct {
	ID        int64  `json:"-"`
	AlertID   int64  `json:"-"`
	CorpID    string `json:"-"`
	Author    string `json:"author"`
	Text      string `json:"text"`
	CreatedAt int64  `json:"created_at"`
}

// AlertApproval is a second person's approval of a disposition.
type AlertApproval struct {
	ID        int64  `json:"-"`
	AlertID   int64  `json:"-"`
	CorpID    string `json:"-"`
	Approver  string `json:"approver"`
	Note      string `json:"note"`
	CreatedAt int64  `json:"created_at"`
}

// AddAlertEvent appends to an alert's history (At defaults to now).
func (s *Store) AddAlertEvent(ctx context.Context, e AlertEvent) error {
	if e.At == 0 {
		e.At = s.nowMS()
	}
	_, err := s.exec(ctx, `INSERT INTO monitor_alert_events (alert_id, corp_id, at, actor, action, from_state, to_state, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.AlertID, e.CorpID, e.At, e.Actor, e.Action, e.FromState, e.ToState, e.Detail)
	if err != nil {
		return fmt.Errorf("store: alert %d event: %w", e.AlertID, err)
	}
	return nil
}

// AlertEvents returns an alert's history, oldest first.
func (s *Store) AlertEvents(ctx context.Context, alertID int64) ([]AlertEvent, error) {
	rows, err := s.query(ctx, `SELECT id, alert_id, corp_id, at, actor, action, from_state, to_state, detail
		FROM monitor_alert_events WHERE alert_id = ? ORDER BY id`, alertID)
	if err != nil {
		return nil, fmt.Errorf("store: alert %d events: %w", alertID, err)
	}
	defer rows.Close()
	out := []AlertEvent{}
	for rows.Next() {
		var e AlertEvent
		if err := rows.Scan(&e.ID, &e.AlertID, &e.CorpID, &e.At, &e.Actor, &e.Action, &e.FromState, &e.ToState, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: alert %d events: %w", alertID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddAlertNote stores a note.
func (s *Store) AddAlertNote(ctx context.Context, n AlertNote) (AlertNote, error) {
	n.CreatedAt = s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO monitor_alert_notes (alert_id, corp_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)`,
		n.AlertID, n.CorpID, n.Author, n.Text, n.CreatedAt)
	if err != nil {
		return n, fmt.Errorf("store: alert %d note: %w", n.AlertID, err)
	}
	return n, nil
}

// AlertNotes returns an alert's notes, oldest first.
func (s *Store) AlertNotes(ctx context.Context, alertID int64) ([]AlertNote, error) {
	rows, err := s.query(ctx, `SELECT id, alert_id, corp_id, author, text, created_at FROM monitor_alert_notes
		WHERE alert_id = ? ORDER BY id`, alertID)
	if err != nil {
		return nil, fmt.Errorf("store: alert %d notes: %w", alertID, err)
	}
	defer rows.Close()
	out := []AlertNote{}
	for rows.Next() {
		var n AlertNote
		if err := rows.Scan(&n.ID, &n.AlertID, &n.CorpID, &n.Author, &n.Text, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: alert %d notes: %w", alertID, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// AddAlertApproval stores an approval.
func (s *Store) AddAlertApproval(ctx context.Context, a AlertApproval) (AlertApproval, error) {
	a.CreatedAt = s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO monitor_alert_approvals (alert_id, corp_id, approver, note, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.AlertID, a.CorpID, a.Approver, a.Note, a.CreatedAt)
	if err != nil {
		return a, fmt.Errorf("store: alert %d approval: %w", a.AlertID, err)
	}
	return a, nil
}

// AlertApprovals returns an alert's approvals, oldest first.
func (s *Store) AlertApprovals(ctx context.Context, alertID int64) ([]AlertApproval, error) {
	rows, err := s.query(ctx, `SELECT id, alert_id, corp_id, approver, note, created_at FROM monitor_alert_approvals
		WHERE alert_id = ? ORDER BY id`, alertID)
	if err != nil {
		return nil, fmt.Errorf("store: alert %d approvals: %w", alertID, err)
	}
	defer rows.Close()
	out := []AlertApproval{}
	for rows.Next() {
		var a AlertApproval
		if err := rows.Scan(&a.ID, &a.AlertID, &a.CorpID, &a.Approver, &a.Note, &a.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: alert %d approvals: %w", alertID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AlertRef is how a thread marks a flagged message.
type AlertRef struct {
	ID     int64    `json:"id"`
	Labels []string `json:"labels"`
}

// AlertsForMessages maps msgids of a corp to their alerts (QC samples left
// out: they are not flags).
func (s *Store) AlertsForMessages(ctx context.Context, corpID string, msgids []string) (map[string][]AlertRef, error) {
	out := map[string][]AlertRef{}
	if len(msgids) == 0 {
		return out, nil
	}
	args := []any{corpID}
	for _, m := range msgids {
		args = append(args, m)
	}
	rows, err := s.query(ctx, `SELECT id, msgid, labels FROM monitor_alerts WHERE corp_id = ? AND qc_sample = 0 AND msgid IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(msgids)), ",")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: alerts for messages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r AlertRef
		var msgid, labels string
		if err := rows.Scan(&r.ID, &msgid, &labels); err != nil {
			return nil, fmt.Errorf("store: alerts for messages: %w", err)
		}
		r.Labels = splitLabels(labels)
		out[msgid] = append(out[msgid], r)
	}
	return out, rows.Err()
}

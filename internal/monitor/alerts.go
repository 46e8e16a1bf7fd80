package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// States of an alert.
const (
	StateOpen     = "open"
	StateInReview = "in_review"
	StateClosed   = "closed"
)

// Dispositions a reviewer may give.
var Dispositions = []string{"false_positive", "no_action", "coaching", "escalated", "ae_reported",
	"reported_to_medical_information"}

// Item is an alert as the queue shows it. Times are Unix milliseconds, as
// everywhere in the API.
type Item struct {
	ID             int64           `json:"id"`
	Corp           string          `json:"corp"`
	CorpID         string          `json:"corp_id"`
	MsgID          string          `json:"msgid"`
	ConversationID string          `json:"conversation_id"`
	Labels         []string        `json:"labels"`
	Severity       string          `json:"severity"`
	State          string          `json:"state"`
	Assignee       string          `json:"assignee"`
	DueAt          *int64          `json:"due_at"`
	CreatedAt      int64           `json:"created_at"`
	MsgTime        int64           `json:"msgtime"`
	Employee       string          `json:"employee"`
	EmployeeName   string          `json:"employee_name"`
	QCSample       bool            `json:"qc_sample"`
	Overdue        bool            `json:"overdue"`
	Disposition    string          `json:"disposition"`
	CaseNumber     string          `json:"case_number"`
	NeedsApproval  bool            `json:"needs_approval"`
	PolicyVersion  string          `json:"policy_version"`
	Hits           json.RawMessage `json:"hits"`
}

// List is one page of the queue.
type List struct {
	Items      []Item `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// Query is the queue's filters (corp key or id; "" with one corp).
type Query struct {
	Corp, Label, State, Severity, Assignee, Employee, Department, Product string
	Overdue, QCSample                                                     *bool
	Limit                                                                 int
	Cursor                                                                string
}

// Paging bounds.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// List returns the caller's queue, newest first, audited as alert.list.
func (s *Service) List(ctx context.Context, q Query) (List, error) {
	c, err := s.corpRef(ctx, q.Corp)
	if err != nil {
		return List{}, err
	}
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return List{}, invalid("limit must be 1..%d", MaxLimit)
	}
	if q.Label != "" && !slices.Contains([]string{"ae", "offlabel", "bribery", "pii"}, q.Label) {
		return List{}, invalid("label must be ae, offlabel, bribery or pii")
	}
	if q.State != "" && !slices.Contains([]string{StateOpen, StateInReview, StateClosed}, q.State) {
		return List{}, invalid("state must be open, in_review or closed")
	}
	f := store.AlertFilter{CorpID: c.CorpID, Label: q.Label, State: q.State, Severity: q.Severity, Assignee: q.Assignee,
		Employee: q.Employee, Department: q.Department, Product: q.Product, Overdue: q.Overdue, QCSample: q.QCSample,
		Now: s.nowMS(), Scope: scope(ctx, auth.AlertsRead, c.CorpID)}
	if q.Cursor != "" {
		if f.BeforeID, err = strconv.ParseInt(q.Cursor, 10, 64); err != nil || f.BeforeID <= 0 {
			return List{}, invalid("cursor is not one this API returned")
		}
	}
	rows, err := s.st.ListAlerts(ctx, f, limit+1)
	if err != nil {
		return List{}, err
	}
	out := List{Items: []Item{}}
	if len(rows) > limit {
		rows = rows[:limit]
		out.NextCursor = strconv.FormatInt(rows[limit-1].ID, 10)
	}
	if out.Items, err = s.items(ctx, c, rows); err != nil {
		return List{}, err
	}
	err = s.audit.Record(ctx, audit.Event{Action: audit.AlertList, Target: "alerts", CorpID: c.CorpID,
		Metadata: map[string]any{"label": q.Label, "state": q.State, "severity": q.Severity, "assignee": q.Assignee,
			"employee": q.Employee, "department": q.Department, "product": q.Product, "returned": len(out.Items)}})
	if err != nil {
		return List{}, fmt.Errorf("monitor: audit: %w", err)
	}
	return out, nil
}

// items turns rows into queue items with employee names.
func (s *Service) items(ctx context.Context, c store.Corp, rows []store.Alert) ([]Item, error) {
	var ids []string
	for _, a := range rows {
		if a.Employee != "" && !slices.Contains(ids, a.Employee) {
			ids = append(ids, a.Employee)
		}
	}
	names, err := s.st.PartyNames(ctx, c.CorpID, ids)
	if err != nil {
		return nil, err
	}
	now := s.nowMS()
	out := make([]Item, 0, len(rows))
	for _, a := range rows {
		it := Item{ID: a.ID, Corp: c.Key, CorpID: a.CorpID, MsgID: a.MsgID, ConversationID: a.ConversationID,
			Labels: a.Labels, Severity: a.Severity, State: a.State, Assignee: a.Assignee, CreatedAt: a.CreatedAt,
			MsgTime: a.MsgTime, Employee: a.Employee, EmployeeName: names[a.Employee].Name, QCSample: a.QCSample,
			Overdue: overdue(a, now), Disposition: a.Disposition, CaseNumber: a.CaseNumber, NeedsApproval: a.NeedsApproval,
			PolicyVersion: a.PolicyVersion, Hits: json.RawMessage(a.Hits)}
		if a.DueAt > 0 {
			due := a.DueAt
			it.DueAt = &due
		}
		out = append(out, it)
	}
	return out, nil
}

func overdue(a store.Alert, now int64) bool {
	return a.State != StateClosed && a.DueAt > 0 && a.DueAt < now
}

// visible loads alert id if the caller may see it with perm; otherwise
// it is not found (a scoped reviewer learns nothing of other departments).
func (s *Service) visible(ctx context.Context, perm auth.Permission, id int64) (store.Alert, error) {
	a, err := s.st.AlertByID(ctx, id)
	if err != nil {
		return store.Alert{}, err
	}
	if p, ok := auth.FromContext(ctx); ok && !p.ReachesCorp(perm, a.CorpID) { // narrowed by scope below
		return store.Alert{}, fmt.Errorf("monitor: alert %d: %w", id, store.ErrNotFound)
	}
	rows, err := s.st.ListAlerts(ctx, store.AlertFilter{CorpID: a.CorpID, ID: id, Scope: scope(ctx, perm, a.CorpID)}, 1)
	if err != nil {
		return store.Alert{}, err
	}
	if len(rows) == 0 {
		return store.Alert{}, fmt.Errorf("monitor: alert %d: %w", id, store.ErrNotFound)
	}
	return rows[0], nil
}

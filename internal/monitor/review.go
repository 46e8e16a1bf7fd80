package monitor

import (
	"context"
	"fmt"
	"slices"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// change applies fn to a visible alert (alerts:write scope) and writes the
// alert, its history line and its audit entry in one transaction.
func (s *Service) change(ctx context.Context, id int64, action audit.Action, fn func(ctx context.Context, a *store.Alert) (detail string, meta map[string]any, err error)) (store.Alert, error) {
	var out store.Alert
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.visible(ctx, auth.AlertsWrite, id)
		if err != nil {
			return err
		}
		from := a.State
		detail, meta, err := fn(ctx, &a)
		if err != nil {
			return err
		}
		if err := s.st.UpdateAlert(ctx, a); err != nil {
			return err
		}
		if err := s.st.AddAlertEvent(ctx, store.AlertEvent{AlertID: a.ID, CorpID: a.CorpID, Actor: actor(ctx),
			Action: action, FromState: from, ToState: a.State, Detail: detail}); err != nil {
			return err
		}
		if meta == nil {
			meta = map[string]any{}
		}
		meta["from_state"], meta["to_state"] = from, a.State
		if err := s.audit.Record(ctx, audit.Event{Action: action, Target: fmt.Sprintf("alert:%d", a.ID), CorpID: a.CorpID,
			Metadata: meta}); err != nil {
			return fmt.Errorf("monitor: audit: %w", err)
		}
		if a.State == StateClosed && from != StateClosed {
			if err := s.audit.Record(ctx, audit.Event{Action: audit.AlertClose, Target: fmt.Sprintf("alert:%d", a.ID),
				CorpID: a.CorpID, Metadata: map[string]any{"disposition": a.Disposition}}); err != nil {
				return fmt.Errorf("monitor: audit: %w", err)
			}
		}
		out = a
		return nil
	})
	return out, err
}

// Assign gives an open or in-review alert to a reviewer ("" unassigns);
// an open alert goes in review.
func (s *Service) Assign(ctx context.Context, id int64, assignee string) (Detail, error) {
	assignee, err := bound("assignee", assignee, MaxAssignee)
	if err != nil {
		return Detail{}, err
	}
	_, err = s.change(ctx, id, audit.AlertAssign, func(ctx context.Context, a *store.Alert) (string, map[string]any, error) {
		if a.State == StateClosed {
			return "", nil, ErrState
		}
		if err := s.checkAssignee(ctx, *a, assignee); err != nil {
			return "", nil, err
		}
		prev := a.Assignee
		a.Assignee = assignee
		if a.State == StateOpen && assignee != "" {
			a.State = StateInReview
		}
		return assignee, map[string]any{"assignee": assignee, "previous": prev}, nil
	})
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, id)
}

// Decision is a disposition with its safety case number and note.
type Decision struct {
	Disposition string `json:"disposition"`
	CaseNumber  string `json:"case_number"`
	Note        string `json:"note"`
}

func (d *Decision) check() error {
	if !slices.Contains(Dispositions, d.Disposition) {
		return invalid("disposition must be one of %v", Dispositions)
	}
	var err error
	if d.CaseNumber, err = bound("case_number", d.CaseNumber, MaxCaseNumber); err != nil {
		return err
	}
	if d.Note, err = bound("note", d.Note, MaxNote); err != nil {
		return err
	}
	if d.Disposition == "ae_reported" && d.CaseNumber == "" {
		return invalid("ae_reported needs the safety case number (case_number)")
	}
	return nil
}

// needsFourEyes: an ae alert of a corp whose setting asks for it closes
// only on a second person's approval.
func needsFourEyes(set Settings, a store.Alert) bool {
	return set.FourEyesAE && slices.Contains(a.Labels, "ae")
}

// Disposition decides an alert. It closes, unless four eyes apply: then it
// stays in review until someone else approves. A closed alert stays closed.
func (s *Service) Disposition(ctx context.Context, id int64, d Decision) (Detail, error) {
	if err := d.check(); err != nil {
		return Detail{}, err
	}
	if err := s.decide(ctx, id, d); err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, id)
}

func (s *Service) decide(ctx context.Context, id int64, d Decision) error {
	_, err := s.change(ctx, id, audit.AlertDisposition, func(ctx context.Context, a *store.Alert) (string, map[string]any, error) {
		if a.State == StateClosed {
			return "", nil, ErrState
		}
		set, err := s.Settings(ctx, a.CorpID)
		if err != nil {
			return "", nil, err
		}
		a.Disposition, a.CaseNumber = d.Disposition, d.CaseNumber
		a.DispositionedBy, a.DispositionedAt = actor(ctx), s.nowMS()
		a.DispositionedByKind, a.DispositionedByID = actorRef(ctx)
		if needsFourEyes(set, *a) {
			a.State, a.NeedsApproval = StateInReview, true
		} else {
			a.State, a.NeedsApproval, a.ClosedAt = StateClosed, false, s.nowMS()
		}
		if d.Note != "" {
			if _, err := s.st.AddAlertNote(ctx, store.AlertNote{AlertID: a.ID, CorpID: a.CorpID, Author: actor(ctx), Text: d.Note}); err != nil {
				return "", nil, err
			}
		}
		return d.Disposition, map[string]any{"disposition": d.Disposition, "case_number": d.CaseNumber,
			"needs_approval": a.NeedsApproval}, nil
	})
	return err
}

// Note adds a note to an alert in any state.
func (s *Service) Note(ctx context.Context, id int64, text string) (Detail, error) {
	text, err := bound("text", text, MaxNote)
	if err != nil {
		return Detail{}, err
	}
	if text == "" {
		return Detail{}, invalid("text is required")
	}
	_, err = s.change(ctx, id, audit.AlertNote, func(ctx context.Context, a *store.Alert) (string, map[string]any, error) {
		_, err := s.st.AddAlertNote(ctx, store.AlertNote{AlertID: a.ID, CorpID: a.CorpID, Author: actor(ctx), Text: text})
		return "", map[string]any{"length": len([]rune(text))}, err
	})
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, id)
}

// selfApproval reports whether the caller on ctx is, or acts for, the
// person who dispositioned a: the same principal (kind and id: tokens and
// admins share id numbers, and names are not unique), a token that person
// made, the maker of the token that dispositioned, or another token of the
// same maker. A row from before the principal was kept compares names.
func (s *Service) selfApproval(ctx context.Context, a store.Alert) bool {
	if a.DispositionedByKind == "" {
		return a.DispositionedBy == actor(ctx)
	}
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == "" {
		p = auth.Principal{Kind: auth.KindSystem}
	}
	if p.Acts(a.DispositionedByKind, a.DispositionedByID) {
		return true
	}
	if a.DispositionedByKind != auth.KindToken {
		return false
	}
	t, err := s.st.APITokenByID(ctx, a.DispositionedByID)
	if err != nil {
		return true // cannot tell who is behind the token: refuse
	}
	if t.CreatedByKind == "" {
		return false
	}
	return p.Acts(t.CreatedByKind, t.CreatedByID) ||
		(p.Kind == auth.KindToken && p.OwnerKind == t.CreatedByKind && p.OwnerID == t.CreatedByID)
}

// Approve is the second person's approval of a disposition awaiting it;
// it closes the alert. The person who dispositioned it is refused (audited).
func (s *Service) Approve(ctx context.Context, id int64, note string) (Detail, error) {
	note, err := bound("note", note, MaxNote)
	if err != nil {
		return Detail{}, err
	}
	var refused error
	_, err = s.change(ctx, id, audit.AlertApprove, func(ctx context.Context, a *store.Alert) (string, map[string]any, error) {
		if a.State == StateClosed || !a.NeedsApproval {
			return "", nil, ErrState
		}
		if s.selfApproval(ctx, *a) {
			refused = ErrSelfApproval
			return "", nil, ErrSelfApproval
		}
		if _, err := s.st.AddAlertApproval(ctx, store.AlertApproval{AlertID: a.ID, CorpID: a.CorpID, Approver: actor(ctx), Note: note}); err != nil {
			return "", nil, err
		}
		a.State, a.NeedsApproval, a.ClosedAt = StateClosed, false, s.nowMS()
		return note, map[string]any{"disposition": a.Disposition, "dispositioned_by": a.DispositionedBy}, nil
	})
	if refused != nil {
		a, _ := s.st.AlertByID(ctx, id)
		_ = s.audit.Record(ctx, audit.Event{Action: audit.AlertApprove, Target: fmt.Sprintf("alert:%d", id), CorpID: a.CorpID,
			Outcome: audit.Denied, Reason: refused.Error()})
	}
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, id)
}

// BulkResult says, per alert, whether the bulk disposition applied.
type BulkResult struct {
	ID    int64  `json:"id"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// MaxBulk is the most alerts one bulk request may decide.
const MaxBulk = 500

// Bulk gives many alerts the same disposition (false positives, mostly);
// each is its own transaction, so one refused alert does not stop the rest.
func (s *Service) Bulk(ctx context.Context, ids []int64, d Decision) ([]BulkResult, error) {
	if len(ids) == 0 || len(ids) > MaxBulk {
		return nil, invalid("ids must hold 1..%d alerts", MaxBulk)
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	out := make([]BulkResult, 0, len(ids))
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for _, id := range ids {
		err := s.decide(ctx, id, d)
		r := BulkResult{ID: id, OK: err == nil}
		if err != nil {
			if !isCallerError(err) {
				return out, err
			}
			r.Error = callerMessage(err)
		}
		out = append(out, r)
	}
	return out, nil
}

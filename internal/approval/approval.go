// Package approval is the two-person rule for exports of conversation
// content: when a corp's export_approval setting is on, an export waits
// until a second person with exports:approve over the same departments
// approves it; the requester can never approve their own request.
package approval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// ErrSelfApproval refuses a requester deciding their own request.
var ErrSelfApproval = fmt.Errorf("approval: the requester cannot decide their own request: %w", auth.ErrForbidden)

// Recorder is the audit trail (audit.Recorder).
type Recorder interface {
	Record(ctx context.Context, e audit.Event) error
}

// Service manages export approvals.
type Service struct {
	st  *store.Store
	rec Recorder
}

// New builds the service.
func New(st *store.Store, rec Recorder) *Service { return &Service{st: st, rec: rec} }

// Required reports whether a corp's runtime settings (the corps.settings
// JSON object) turn the two-person rule on: {"export_approval": true}.
func Required(settingsJSON string) bool {
	var s struct {
		ExportApproval bool `json:"export_approval"`
	}
	_ = json.Unmarshal([]byte(settingsJSON), &s)
	return s.ExportApproval
}

// Request describes an export waiting for approval.
type Request struct {
	CorpID      string
	Kind        string         // e.g. "conversations.csv"
	Params      map[string]any // the export's filters, shown to the approver
	Departments []string       // departments the export covers; empty: the whole corp
	Reason      string
}

// Request files a request by the caller, who needs exports:create in the
// corp over the departments (audited as export.request).
func (s *Service) Request(ctx context.Context, r Request) (store.ExportApproval, error) {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return store.ExportApproval{}, auth.ErrUnauthenticated
	}
	if !covers(auth.ScopeFor(p, auth.ExportsCreate, r.CorpID), r.Departments) {
		return store.ExportApproval{}, fmt.Errorf("approval: request export in %s: %w", r.CorpID, auth.ErrForbidden)
	}
	params, err := json.Marshal(r.Params)
	if err != nil || r.Params == nil {
		params = []byte("{}")
	}
	var a store.ExportApproval
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		a, err = s.st.CreateExportApproval(ctx, store.ExportApproval{CorpID: r.CorpID, Kind: r.Kind, Params: string(params),
			Departments: r.Departments, Reason: r.Reason, RequestedBy: p.Name, RequestedByKind: p.Kind, RequestedByID: p.ID})
		if err != nil {
			return err
		}
		return s.rec.Record(ctx, audit.Event{Action: audit.ExportRequest, Target: fmt.Sprintf("export_approval:%d", a.ID),
			CorpID: r.CorpID, Reason: r.Reason, Metadata: map[string]any{"kind": r.Kind, "params": json.RawMessage(params),
				"departments": r.Departments}})
	})
	return a, err
}

// Decide approves or rejects a pending request. The caller needs
// exports:approve over every department the export covers and must not be
// the requester. A refusal is audited too.
func (s *Service) Decide(ctx context.Context, id int64, approve bool, note string) (store.ExportApproval, error) {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return store.ExportApproval{}, auth.ErrUnauthenticated
	}
	a, err := s.st.ExportApprovalByID(ctx, id)
	if err != nil {
		return store.ExportApproval{}, err
	}
	action, state := audit.ExportReject, "rejected"
	if approve {
		action, state = audit.ExportApprove, "approved"
	}
	target := fmt.Sprintf("export_approval:%d", id)
	var refuse error
	switch {
	case s.selfDecision(ctx, p, a):
		refuse = ErrSelfApproval
	case !covers(auth.ScopeFor(p, auth.ExportsApprove, a.CorpID), a.Departments):
		refuse = fmt.Errorf("approval: decide %d: %w", id, auth.ErrForbidden)
	}
	if refuse != nil {
		_ = s.rec.Record(ctx, audit.Event{Action: action, Target: target, CorpID: a.CorpID, Outcome: audit.Denied, Reason: refuse.Error()})
		return store.ExportApproval{}, refuse
	}
	a.State, a.DecidedBy, a.DecidedByKind, a.DecidedByID, a.DecisionNote = state, p.Name, p.Kind, p.ID, note
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.DecideExportApproval(ctx, a); err != nil {
			return err
		}
		return s.rec.Record(ctx, audit.Event{Action: action, Target: target, CorpID: a.CorpID, Reason: note,
			Metadata: map[string]any{"requested_by": a.RequestedBy}})
	})
	if err != nil {
		return store.ExportApproval{}, err
	}
	return s.st.ExportApprovalByID(ctx, id)
}

// selfDecision reports whether p is the requester or acts for them: the
// requester's own token, or the maker of the token that requested.
func (s *Service) selfDecision(ctx context.Context, p auth.Principal, a store.ExportApproval) bool {
	if p.Acts(a.RequestedByKind, a.RequestedByID) {
		return true
	}
	if a.RequestedByKind != auth.KindToken {
		return false
	}
	t, err := s.st.APITokenByID(ctx, a.RequestedByID)
	if err != nil {
		return true // cannot tell who is behind the token: refuse
	}
	if t.CreatedByKind == "" {
		return false
	}
	return p.Acts(t.CreatedByKind, t.CreatedByID) || (p.Kind == auth.KindToken && p.OwnerKind == t.CreatedByKind && p.OwnerID == t.CreatedByID)
}

// ErrNotApproved means an export may not run yet.
var ErrNotApproved = errors.New("approval: export not approved")

// Approved returns the request if it is approved (the export may run), else ErrNotApproved.
func (s *Service) Approved(ctx context.Context, id int64) (store.ExportApproval, error) {
	a, err := s.st.ExportApprovalByID(ctx, id)
	if err != nil {
		return store.ExportApproval{}, err
	}
	if a.State != "approved" {
		return store.ExportApproval{}, fmt.Errorf("%w (state %s)", ErrNotApproved, a.State)
	}
	return a, nil
}

// List returns a corp's requests, newest first ("" state: any).
func (s *Service) List(ctx context.Context, corpID, state string) ([]store.ExportApproval, error) {
	return s.st.ListExportApprovals(ctx, corpID, state, 200)
}

// covers reports whether scope includes every department (empty: the whole corp).
func covers(sc store.DeptScope, departments []string) bool {
	if sc.All {
		return true
	}
	if len(departments) == 0 {
		return false
	}
	for _, d := range departments {
		if !sc.Allows(d) {
			return false
		}
	}
	return true
}

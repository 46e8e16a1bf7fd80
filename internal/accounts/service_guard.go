package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"wecomadmin/internal/audit"
)

// ErrSameActor is returned when the person who ran an import tries to
// override its removal limit: the override needs a second person.
var ErrSameActor = errors.New("accounts: the removal limit must be overridden by a second person, not the one who ran the import")

// maxOverrideReason bounds the free-text reason stored in the audit trail.
const maxOverrideReason = 500

// refuseGuard stores a plan stopped by the removal guard as a refused run
// (with its steps, so an override can release it) and refuses the import.
func (s *Service) refuseGuard(ctx context.Context, corpID string, req ImportRequest, out *SyncOutput, plan *Plan, depts *DeptTree) (*SyncOutput, error) {
	out.Report.Refused, out.Report.RefuseReason, out.Report.RefuseCode = true, plan.Guard.Reason, plan.Guard.Code
	out.Plan, out.State = plan, RunRefused
	id, err := s.storeRun(ctx, corpID, req, out, plan, depts)
	if err != nil {
		return nil, err
	}
	out.RunID = id
	if err := s.audit().Record(ctx, audit.Event{Action: audit.HRSyncPlan, Target: corpID, CorpID: corpID, Outcome: "refused",
		Metadata: map[string]any{"run_id": id, "code": plan.Guard.Code,
			"removals": plan.Guard.Removals, "active": plan.Guard.Active, "limit_percent": plan.Guard.LimitPercent}}); err != nil {
		return nil, err
	}
	return out, fmt.Errorf("%w: %s", ErrRefused, plan.Guard.Reason)
}

// OverrideRemovals releases a run the removal guard refused, so it can be
// confirmed and applied. actor must not be the one who ran the import; the
// override and its reason are audited.
func (s *Service) OverrideRemovals(ctx context.Context, runID int64, actor, reason string) (*RunStatus, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, fmt.Errorf("%w: a reason is required to override the removal limit", ErrInvalid)
	case utf8.RuneCountInString(reason) > maxOverrideReason:
		return nil, fmt.Errorf("%w: the reason is longer than %d characters", ErrInvalid, maxOverrideReason)
	}
	run, err := s.runFor(ctx, runID) // the caller's grant must reach the run
	if err != nil {
		return nil, err
	}
	var plan Plan
	if run.State != RunRefused || json.Unmarshal([]byte(run.Plan), &plan) != nil || !plan.Guard.Exceeded {
		return nil, fmt.Errorf("%w: run %d was not refused by the removal limit", ErrInvalid, runID)
	}
	if actor == "" || strings.EqualFold(actor, run.CreatedBy) {
		return nil, ErrSameActor
	}
	if err := s.Store.TransitionSyncRun(ctx, runID, []string{RunRefused}, RunPlanned, actor); err != nil {
		return nil, err
	}
	if err := s.audit().Record(ctx, audit.Event{Action: audit.HRSyncRemovalOverride, Target: run.CorpID, CorpID: run.CorpID, Reason: reason,
		Metadata: map[string]any{"run_id": runID,
			"imported_by": run.CreatedBy, "removals": plan.Guard.Removals, "active": plan.Guard.Active,
			"limit_percent": plan.Guard.LimitPercent, "reason": reason}}); err != nil {
		return nil, err
	}
	return s.Run(ctx, runID)
}

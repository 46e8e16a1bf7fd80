package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"
	"wecomadmin/internal/wecom"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// ErrInvalid marks a request the caller must fix (the API answers 422).
var ErrInvalid = errors.New("accounts: invalid request")

// Service is the accounts feature: HR imports, sync runs, employees,
// licences, corps and the TFA page's checks.
type Service struct {
	Store Store
	// WeComFor returns the WeCom client of a corp (by corp_id); the lead
	// wires the real client through an adapter.
	WeComFor  func(ctx context.Context, corpID string) (WeCom, error)
	Customers CustomerCounter
	// Handover runs the plan's handover steps (在职继承 / 离职继承).
	Handover Handover
	Audit    Auditor
	Mailer   Mailer
	Log      *slog.Logger
	Now      func() time.Time
	// Background runs a long task (applying a run) outside the request; the
	// lead wires supervise.Group. Nil runs it inline.
	Background func(ctx context.Context, name string, fn func(ctx context.Context) error)
	// SecretState reports which secrets config gives a corp; nil: only
	// secrets stored through the API count.
	SecretState func(corpID string) SecretInfo
	// SealSecret encrypts a corp secret before it is stored (context names
	// the corp and kind); nil: the API refuses to store secrets at all.
	SealSecret func(plaintext, context string) (string, error)
	// CorpSaved is told after a corp (or its secrets) was saved, so the
	// WeCom clients follow the edit at once; nil: nothing to tell.
	CorpSaved func(ctx context.Context, corpID string)
	// ConfigArchive gives the archive settings of a corp from the config
	// file (false: the corp's archive is edited through the API).
	ConfigArchive func(corpID string) (ArchiveView, bool)
	// Endpoints is the boot config's allow-list for UI-entered base_url and
	// archive URLs (see endpoints.go).
	Endpoints EndpointPolicy
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) audit() Auditor {
	if s.Audit == nil {
		return nopAuditor{}
	}
	return s.Audit
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// ImportRequest is one HR input to validate and plan.
type ImportRequest struct {
	CorpKey   string
	Format    string // "csv" or "json"
	Body      io.Reader
	Threshold *Threshold // nil: the corp's setting
	Actor     string
}

// SyncOutput is the one JSON object `wecomadmin sync` prints and the import
// API returns: the validation report and the plan (and, once applied, the result).
type SyncOutput struct {
	Corp   string     `json:"corp"`
	RunID  int64      `json:"run_id"`
	DryRun bool       `json:"dry_run"`
	State  string     `json:"state"`
	Report Report     `json:"report"`
	Plan   *Plan      `json:"plan"`
	Result *RunResult `json:"result,omitempty"`
}

// Import validates an HR input, plans the sync and stores the plan as a run
// awaiting confirmation. A refused input is stored too (state "refused") and
// the error wraps ErrRefused.
func (s *Service) Import(ctx context.Context, req ImportRequest) (*SyncOutput, error) {
	corp, err := s.corpByRef(ctx, req.CorpKey)
	if err != nil {
		return nil, err
	}
	if err := auth.RequireReach(ctx, auth.HRSyncRun, corp.CorpID); err != nil {
		return nil, fmt.Errorf("accounts: import into %s: %w", corp.CorpID, err)
	}
	st, err := s.settings(ctx, corp.CorpID)
	if err != nil {
		return nil, err
	}
	opt := ParseOptions{Threshold: st.Sync.Threshold, UserID: st.Sync.UserID}
	if req.Threshold != nil {
		opt.Threshold = *req.Threshold
	}
	// Without WeCom the file is still validated, so a bad file is refused
	// the same way; a good one then fails on the missing client.
	wc, werr := s.WeComFor(ctx, corp.CorpID)
	derr := werr
	if werr == nil {
		var depts []wecom.Department
		if depts, derr = wc.ListDepartments(ctx, 0); derr == nil {
			opt.Depts = NewDeptTree(depts)
		}
	}
	var im *Import
	if req.Format == "json" {
		im, err = ParseJSON(req.Body, opt)
	} else {
		im, err = ParseCSV(req.Body, opt)
	}
	if derr != nil {
		im.Report.addWarning(0, ColDepartment, CodeUnknownDept, "WeCom department tree unavailable; departments not checked and new accounts held")
	}
	out := &SyncOutput{Corp: corp.Key, DryRun: true, Report: im.Report}
	if err != nil {
		if !errors.Is(err, ErrRefused) {
			return nil, err
		}
		out.State = RunRefused
		out.RunID, _ = s.storeRun(ctx, corp.CorpID, req, out, nil, nil)
		_ = s.audit().Record(ctx, audit.Event{Action: audit.HRSyncImport, Target: corp.CorpID, CorpID: corp.CorpID, Outcome: "refused",
			Reason: im.Report.RefuseReason, Metadata: map[string]any{"run_id": out.RunID, "reason": im.Report.RefuseReason}})
		return out, err
	}
	if werr != nil {
		return nil, fmt.Errorf("accounts: wecom client for %s: %w", corp.Key, werr)
	}
	sc := callerScope(ctx, auth.HRSyncRun, corp.CorpID)
	scopeImport(im, sc)
	out.Report = im.Report
	plan, err := s.plan(ctx, corp.CorpID, wc, im, opt.Depts, st.Sync, sc)
	if err != nil {
		return nil, err
	}
	if plan.Guard.Exceeded {
		return s.refuseGuard(ctx, corp.CorpID, req, out, plan, opt.Depts)
	}
	out.Plan, out.State = plan, RunPlanned
	if out.RunID, err = s.storeRun(ctx, corp.CorpID, req, out, plan, opt.Depts); err != nil {
		return nil, err
	}
	err = s.audit().Record(ctx, audit.Event{Action: audit.HRSyncPlan, Target: corp.CorpID, CorpID: corp.CorpID, Metadata: map[string]any{"run_id": out.RunID,
		"rows": im.Report.Rows, "invalid_rows": im.Report.InvalidRows, "steps": len(plan.Steps), "destructive": plan.Destructive()}})
	return out, err
}

// plan plans an import; employees outside sc are not known to it, so a
// department-scoped import never disables or deletes anyone outside.
func (s *Service) plan(ctx context.Context, corpID string, wc WeCom, im *Import, depts *DeptTree, st SyncSettings, sc store.DeptScope) (*Plan, error) {
	rows, err := s.Store.CorpEmployees(ctx, corpID)
	if err != nil {
		return nil, err
	}
	known := make([]KnownEmployee, 0, len(rows))
	for _, r := range rows {
		// A removed row stays known while its account exists, so the
		// "leaver" removal policy can still delete it after the grace period.
		if r.EmployeeID != "" && (r.HRStatus != "removed" || r.WeComStatus != 0) && sc.Allows(r.DepartmentPath) {
			known = append(known, KnownEmployee{EmployeeID: r.EmployeeID, UserID: r.UserID, HRStatus: r.HRStatus, Name: r.Name, LeftAt: r.LeftAt})
		}
	}
	p := &Planner{WeCom: wc, Customers: s.Customers, Now: s.Now}
	return p.Plan(ctx, PlanInput{CorpID: corpID, Records: im.Records, Skipped: im.Skipped, Known: known, Depts: depts, Settings: st})
}

func (s *Service) storeRun(ctx context.Context, corpID string, req ImportRequest, out *SyncOutput, plan *Plan, depts *DeptTree) (int64, error) {
	rep, _ := json.Marshal(out.Report)
	run := store.SyncRun{CorpID: corpID, Source: req.Format, State: out.State, Report: string(rep), Plan: "{}", Records: "[]", CreatedBy: req.Actor}
	var steps []store.SyncStep
	if plan != nil {
		pj, _ := json.Marshal(plan)
		rj, _ := json.Marshal(plannedEmployees(plan, depts))
		run.Plan, run.Records, steps = string(pj), string(rj), stepRows(plan)
	}
	if run.Source == "" {
		run.Source = "csv"
	}
	return s.Store.CreateSyncRun(ctx, run, steps)
}

// Apply confirms a planned run and executes it. confirm must repeat the run
// id: destructive steps never run on a plan nobody looked at.
func (s *Service) Apply(ctx context.Context, runID, confirm int64, actor string) (*RunResult, error) {
	if confirm != runID {
		return nil, ErrNotConfirmed
	}
	run, err := s.runFor(ctx, runID)
	if err != nil {
		return nil, err
	}
	if run.State != RunPlanned && run.State != RunConfirmed && run.State != RunFailed {
		return nil, fmt.Errorf("accounts: run %d is %s: %w", runID, run.State, store.ErrConflict)
	}
	if run.State == RunPlanned {
		if err := s.Store.TransitionSyncRun(ctx, runID, []string{RunPlanned}, RunConfirmed, actor); err != nil {
			return nil, err
		}
		if err := s.audit().Record(ctx, audit.Event{Action: audit.HRSyncConfirm, Target: run.CorpID, CorpID: run.CorpID, Metadata: map[string]any{"run_id": runID}}); err != nil {
			return nil, err
		}
	}
	wc, err := s.WeComFor(ctx, run.CorpID)
	if err != nil {
		return nil, fmt.Errorf("accounts: wecom client for %s: %w", run.CorpID, err)
	}
	ap := &Applier{WeCom: wc, Handover: s.Handover, Store: s.Store, Audit: s.Audit, Log: s.Log, Now: s.Now}
	if s.Background == nil {
		return ap.Apply(ctx, runID, actor, false)
	}
	s.Background(context.WithoutCancel(ctx), fmt.Sprintf("hrsync-run-%d", runID), func(ctx context.Context) error {
		_, err := ap.Apply(ctx, runID, actor, false)
		return err
	})
	return &RunResult{RunID: runID, State: RunRunning, Steps: map[string]int{}, Failed: []Step{}}, nil
}

// runFor reads a run the caller on ctx may see: one of a corp they hold
// HR sync in, and, for a department-scoped caller, one they made (its plan
// was limited to their departments; anyone else's may not be).
func (s *Service) runFor(ctx context.Context, runID int64) (store.SyncRun, error) {
	run, err := s.Store.SyncRunByID(ctx, runID)
	if err != nil {
		return run, err
	}
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == auth.KindSystem || p.CanInCorp(auth.HRSyncRun, run.CorpID) {
		return run, nil
	}
	if p.ReachesCorp(auth.HRSyncRun, run.CorpID) && run.CreatedBy == p.Name {
		return run, nil
	}
	return store.SyncRun{}, fmt.Errorf("accounts: run %d: %w", runID, store.ErrNotFound)
}

// Resume continues a run left failed or running (after a crash).
func (s *Service) Resume(ctx context.Context, runID int64, actor string) (*RunResult, error) {
	run, err := s.Store.SyncRunByID(ctx, runID)
	if err != nil {
		return nil, err
	}
	wc, err := s.WeComFor(ctx, run.CorpID)
	if err != nil {
		return nil, err
	}
	ap := &Applier{WeCom: wc, Handover: s.Handover, Store: s.Store, Audit: s.Audit, Log: s.Log, Now: s.Now}
	return ap.Apply(ctx, runID, actor, true)
}

// RunStatus is a stored run with its progress, for GET /api/v1/hr/imports/{id}.
type RunStatus struct {
	RunID     int64           `json:"run_id"`
	CorpID    string          `json:"corp_id"`
	State     string          `json:"state"`
	Source    string          `json:"source"`
	CreatedBy string          `json:"created_by"`
	CreatedAt int64           `json:"created_at"`
	Confirmed string          `json:"confirmed_by,omitempty"`
	Progress  map[string]int  `json:"progress"`
	Total     int             `json:"total"`
	LastError string          `json:"last_error,omitempty"`
	Report    json.RawMessage `json:"report"`
	Plan      json.RawMessage `json:"plan"`
	Steps     []Step          `json:"steps"`
}

// Run returns a run's report, plan and per-step progress.
func (s *Service) Run(ctx context.Context, runID int64) (*RunStatus, error) {
	run, err := s.runFor(ctx, runID)
	if err != nil {
		return nil, err
	}
	counts, err := s.Store.SyncStepCounts(ctx, runID)
	if err != nil {
		return nil, err
	}
	rows, err := s.Store.SyncSteps(ctx, runID)
	if err != nil {
		return nil, err
	}
	st := &RunStatus{RunID: run.ID, CorpID: run.CorpID, State: run.State, Source: run.Source, CreatedBy: run.CreatedBy,
		CreatedAt: run.CreatedAt, Confirmed: run.ConfirmedBy, Progress: counts, Total: run.StepsTotal, LastError: run.LastError,
		Report: json.RawMessage(run.Report), Plan: json.RawMessage(run.Plan), Steps: make([]Step, len(rows))}
	for i, r := range rows {
		st.Steps[i] = stepFromRow(r)
	}
	return st, nil
}

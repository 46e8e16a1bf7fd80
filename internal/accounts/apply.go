package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// Run and step states.
const (
	RunPlanned   = "planned"
	RunConfirmed = "confirmed"
	RunRunning   = "running"
	RunDone      = "done"
	RunFailed    = "failed"
	RunRefused   = "refused"

	StepPlanned = "planned"
	StepRunning = "running"
	StepDone    = "done"
	StepFailed  = "failed"
)

// ErrNotConfirmed is returned when apply is asked without the run's id as confirmation.
var ErrNotConfirmed = errors.New("accounts: apply needs the run id as explicit confirmation")

// Applier executes a stored run's steps against WeCom. Each step is marked
// running before its call and done right after, so a resumed run never
// repeats a done step; a step caught between call and mark is replayed and
// WeCom's answer (60111 on delete, 60102 on create) tells it already happened.
type Applier struct {
	WeCom WeCom
	// Handover runs handover steps; nil fails them (nothing is handed over).
	Handover Handover
	Store    RunStore
	Audit    Auditor
	Log      *slog.Logger
	Now      func() time.Time
}

// RunResult sums up an applied run.
type RunResult struct {
	RunID  int64          `json:"run_id"`
	State  string         `json:"state"`
	Steps  map[string]int `json:"steps"` // by state
	Failed []Step         `json:"failed"`
	Error  string         `json:"error,omitempty"`
}

// Apply runs (or resumes) a confirmed run. resume also takes a run left
// "running" by a crashed process; the caller asserts no one else runs it.
func (a *Applier) Apply(ctx context.Context, runID int64, actor string, resume bool) (*RunResult, error) {
	from := []string{RunConfirmed, RunFailed}
	if resume {
		from = append(from, RunRunning)
	}
	if err := a.Store.TransitionSyncRun(ctx, runID, from, RunRunning, actor); err != nil {
		return nil, fmt.Errorf("accounts: start run %d: %w", runID, err)
	}
	run, err := a.Store.SyncRunByID(ctx, runID)
	if err != nil {
		return nil, err
	}
	steps, err := a.Store.SyncSteps(ctx, runID)
	if err != nil {
		return nil, err
	}
	var stop error
	for _, st := range steps {
		if st.State == StepDone {
			continue
		}
		if stop = a.step(ctx, run, st, actor); stop != nil {
			break
		}
	}
	if stop == nil {
		stop = a.recordEmployees(ctx, run)
	}
	return a.finish(ctx, runID, stop)
}

func (a *Applier) finish(ctx context.Context, runID int64, stop error) (*RunResult, error) {
	// Record the outcome even if ctx was cancelled (the crash test, a shutdown).
	fctx := context.WithoutCancel(ctx)
	counts, err := a.Store.SyncStepCounts(fctx, runID)
	if err != nil {
		return nil, err
	}
	res := &RunResult{RunID: runID, State: RunDone, Steps: counts, Failed: []Step{}}
	msg := ""
	if stop != nil {
		res.State, msg, res.Error = RunFailed, stop.Error(), stop.Error()
	} else if counts[StepFailed] > 0 {
		res.State = RunFailed
		msg = fmt.Sprintf("%d steps failed", counts[StepFailed])
	}
	if err := a.Store.FinishSyncRun(fctx, runID, res.State, msg); err != nil {
		return nil, err
	}
	if counts[StepFailed] > 0 {
		steps, err := a.Store.SyncSteps(fctx, runID)
		if err != nil {
			return nil, err
		}
		for _, st := range steps {
			if st.State == StepFailed {
				res.Failed = append(res.Failed, stepFromRow(st))
			}
		}
	}
	return res, stop
}

// step executes one step. It returns an error only when the run must stop
// (WeCom unreachable, throttled, context ended); a step WeCom refuses for
// its data is marked failed and the run goes on.
func (a *Applier) step(ctx context.Context, run store.SyncRun, st store.SyncStep, actor string) error {
	if err := a.Store.MarkSyncStep(ctx, run.ID, st.Seq, StepRunning, ""); err != nil {
		return err
	}
	callErr := a.call(ctx, run, st, actor)
	outcome, state, errText := "success", StepDone, ""
	if callErr != nil {
		outcome, state, errText = "failure", StepFailed, callErr.Error()
	}
	meta := map[string]any{"run_id": run.ID, "seq": st.Seq, "rule": st.Rule, "employee_id": st.EmployeeID, "actor": actor}
	if callErr != nil {
		meta["errcode"] = wecom.Code(callErr)
	}
	if err := a.audit().Record(ctx, audit.Event{Action: stepAction(Action(st.Action)), Target: run.CorpID + "/" + st.UserID, CorpID: run.CorpID,
		Outcome: outcome, Metadata: meta}); err != nil {
		return fmt.Errorf("accounts: audit step %d: %w", st.Seq, err)
	}
	if err := a.Store.MarkSyncStep(context.WithoutCancel(ctx), run.ID, st.Seq, state, errText); err != nil {
		return err
	}
	// A handover WeCom refused (for some customers, or at all) fails its
	// step and the run goes on: the leaver is disabled all the same.
	if callErr != nil && !permanent(callErr) && (Action(st.Action) != ActHandover || ctx.Err() != nil) {
		return fmt.Errorf("accounts: run %d step %d: %w", run.ID, st.Seq, callErr)
	}
	return nil
}

// permanent reports whether WeCom refused the data (the step fails, the run
// continues) rather than being unavailable (the run stops, to be resumed).
func permanent(err error) bool {
	c := wecom.Code(err)
	return c >= 60000 && c < 70000 || c == wecom.CodeInvalidUserID || c == wecom.CodeUserNotFoundOld || c == 301005 || c == 45024
}

func (a *Applier) call(ctx context.Context, run store.SyncRun, st store.SyncStep, actor string) error {
	if Action(st.Action) == ActHandover {
		return a.handover(ctx, run, st, actor)
	}
	var w UserWrite
	if st.Payload != "" && st.Payload != "{}" {
		if err := json.Unmarshal([]byte(st.Payload), &w); err != nil {
			return fmt.Errorf("step payload: %w", err)
		}
	}
	switch Action(st.Action) {
	case ActDelete:
		if err := a.WeCom.DeleteUser(ctx, st.UserID); err != nil && !isNotFound(err) {
			return err
		}
		return nil // not found: deleted already (a replayed step)
	case ActCreate:
		err := a.WeCom.CreateUser(ctx, w.input())
		if wecom.Code(err) == wecom.CodeUserIDExists && a.createdAlready(ctx, w) {
			return nil
		}
		return err
	case ActUpdate, ActDisable:
		return a.WeCom.UpdateUser(ctx, w.input())
	}
	return fmt.Errorf("unknown step action %q", st.Action)
}

// createdAlready checks that an existing account is the one this step made:
// the step's mobile (and email) map to its userid. The lookups, not
// user/get, answer this: WeCom no longer returns a member's mobile or email.
func (a *Applier) createdAlready(ctx context.Context, w UserWrite) bool {
	if w.Mobile == nil {
		return false
	}
	if id, err := a.WeCom.GetUserIDByMobile(ctx, *w.Mobile); err != nil || !strings.EqualFold(id, w.UserID) {
		return false
	}
	if w.Email == nil || *w.Email == "" {
		return true
	}
	id, err := userIDByEmail(ctx, a.WeCom, *w.Email)
	return err == nil && strings.EqualFold(id, w.UserID)
}

// handover runs a handover step. 离职继承 needs its member deleted first:
// when the run's delete of that account did not succeed the step fails
// without calling WeCom, which would only answer 40097.
func (a *Applier) handover(ctx context.Context, run store.SyncRun, st store.SyncStep, actor string) error {
	var h HandoverStep
	if err := json.Unmarshal([]byte(st.Payload), &h); err != nil || h.TakeoverUserID == "" {
		return fmt.Errorf("handover step payload: %v", err)
	}
	if a.Handover == nil {
		return errors.New("no handover service wired: customers not handed over")
	}
	if h.Kind == HandoverResigned {
		steps, err := a.Store.SyncSteps(ctx, run.ID)
		if err != nil {
			return err
		}
		for _, o := range steps {
			if o.Action == string(ActDelete) && strings.EqualFold(o.UserID, st.UserID) && o.State != StepDone {
				return fmt.Errorf("离职继承 needs %s deleted first, and step %d (delete) is %s", st.UserID, o.Seq, o.State)
			}
		}
	}
	return a.Handover.HandOver(ctx, run.CorpID, st.UserID, h, actor)
}

func (a *Applier) audit() Auditor {
	if a.Audit == nil {
		return nopAuditor{}
	}
	return a.Audit
}

func stepFromRow(st store.SyncStep) Step {
	s := Step{Seq: st.Seq, EmployeeID: st.EmployeeID, UserID: st.UserID, Action: Action(st.Action), Rule: Rule(st.Rule),
		Reason: st.Reason, State: st.State, Error: st.LastError}
	_ = json.Unmarshal([]byte(st.Changes), &s.Changes)
	if s.Action == ActHandover {
		s.Handover = &HandoverStep{}
		_ = json.Unmarshal([]byte(st.Payload), s.Handover)
	}
	return s
}

func stepRows(p *Plan) []store.SyncStep {
	out := make([]store.SyncStep, len(p.Steps))
	for i, s := range p.Steps {
		ch, _ := json.Marshal(s.Changes)
		if s.Changes == nil {
			ch = []byte("[]")
		}
		payload := []byte("{}")
		if s.Write != nil {
			payload, _ = json.Marshal(s.Write)
		}
		if s.Handover != nil {
			payload, _ = json.Marshal(s.Handover)
		}
		out[i] = store.SyncStep{Seq: s.Seq, EmployeeID: s.EmployeeID, UserID: s.UserID, Action: string(s.Action),
			Rule: string(s.Rule), Reason: s.Reason, Changes: string(ch), Payload: string(payload)}
	}
	return out
}

// stepAction is the catalogued audit action of an HR plan's WeCom step. A
// step of an unknown action fails in call; it is still recorded, as a WeCom write.
func stepAction(a Action) audit.Action {
	switch a {
	case ActCreate:
		return audit.WeComUserCreate
	case ActUpdate:
		return audit.WeComUserUpdate
	case ActDisable:
		return audit.WeComUserDisable
	case ActDelete:
		return audit.WeComUserDelete
	case ActHandover:
		return audit.WeComUserHandover
	}
	return audit.WeComWrite
}

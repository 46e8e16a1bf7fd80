package app

import (
	"context"
	"strconv"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/httpapi"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
)

// auditedJobs is the jobs API with the operator's actions on the audit
// chain: retry, cancel and run-now of a periodic task, each with the actor
// the request carries, the job and the outcome.
type auditedJobs struct {
	*jobs.Runner
	audit *audit.Recorder
}

var _ httpapi.JobsService = auditedJobs{}

func (a auditedJobs) RetryJob(ctx context.Context, id int64) (store.Job, error) {
	j, err := a.Runner.RetryJob(ctx, id)
	return j, a.record(ctx, audit.JobRetry, "job:"+strconv.FormatInt(id, 10), j.Kind, err)
}

func (a auditedJobs) CancelJob(ctx context.Context, id int64) (store.Job, error) {
	j, err := a.Runner.CancelJob(ctx, id)
	return j, a.record(ctx, audit.JobCancel, "job:"+strconv.FormatInt(id, 10), j.Kind, err)
}

func (a auditedJobs) RunPeriodic(ctx context.Context, name string) (int64, error) {
	id, err := a.Runner.RunPeriodic(ctx, name)
	return id, a.record(ctx, audit.JobRun, "periodic:"+name, name, err, "job_id", id)
}

// record audits the action and returns the action's error, or the audit's
// when the action succeeded but could not be recorded.
func (a auditedJobs) record(ctx context.Context, act audit.Action, target, kind string, err error, kv ...any) error {
	ev := audit.Event{Action: act, Target: target, Outcome: audit.Success, Metadata: map[string]any{"kind": kind}}
	for i := 0; i+1 < len(kv); i += 2 {
		ev.Metadata[kv[i].(string)] = kv[i+1]
	}
	if err != nil {
		ev.Outcome, ev.Reason = audit.Failure, err.Error()
	}
	if aerr := a.audit.Record(ctx, ev); aerr != nil && err == nil {
		return aerr
	}
	return err
}

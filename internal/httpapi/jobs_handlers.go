package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
)

// JobsService is what the jobs pages need; *jobs.Runner satisfies it.
type JobsService interface {
	ListJobs(ctx context.Context, f store.JobFilter) ([]store.Job, int64, error)
	Job(ctx context.Context, id int64) (store.Job, error)
	RetryJob(ctx context.Context, id int64) (store.Job, error)
	CancelJob(ctx context.Context, id int64) (store.Job, error)
	Counts(ctx context.Context) ([]store.JobCount, error)
	PeriodicTasks(ctx context.Context) ([]jobs.PeriodicTask, error)
	RunPeriodic(ctx context.Context, name string) (int64, error)
}

type jobProgressView struct {
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
	Note  string `json:"note"`
}

// jobView is a job as the API shows it. Times are Unix milliseconds (0 = not yet).
type jobView struct {
	ID             int64           `json:"id"`
	Kind           string          `json:"kind"`
	CorpID         string          `json:"corp_id"`
	DedupeKey      string          `json:"dedupe_key"`
	Payload        json.RawMessage `json:"payload"`
	State          string          `json:"state"`
	Priority       int             `json:"priority"`
	Attempts       int             `json:"attempts"`
	MaxAttempts    int             `json:"max_attempts"`
	RunAt          int64           `json:"run_at"`
	LeaseExpiresAt int64           `json:"lease_expires_at"`
	LastError      string          `json:"last_error"`
	Progress       jobProgressView `json:"progress"`
	Result         string          `json:"result"`
	CreatedAt      int64           `json:"created_at"`
	UpdatedAt      int64           `json:"updated_at"`
	StartedAt      int64           `json:"started_at"`
	FinishedAt     int64           `json:"finished_at"`
}

func toJobView(j store.Job) jobView {
	payload := json.RawMessage(j.Payload)
	if !json.Valid(payload) {
		payload, _ = json.Marshal(j.Payload)
	}
	return jobView{
		ID: j.ID, Kind: j.Kind, CorpID: j.CorpID, DedupeKey: j.DedupeKey, Payload: payload, State: string(j.State),
		Priority: j.Priority, Attempts: j.Attempts, MaxAttempts: j.MaxAttempts, RunAt: j.RunAt,
		LeaseExpiresAt: j.LeaseExpiresAt, LastError: j.LastError,
		Progress: jobProgressView{j.ProgressDone, j.ProgressTotal, j.ProgressNote}, Result: j.Result,
		CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt, StartedAt: j.StartedAt, FinishedAt: j.FinishedAt,
	}
}

// listJobs: GET /api/v1/jobs?kind=&state=&corp=&limit=&cursor=
func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.JobFilter{Kind: q.Get("kind"), State: store.JobState(q.Get("state")), CorpID: q.Get("corp"), Limit: 50}
	if f.State != "" && !slices.Contains(store.JobStates(), f.State) {
		return invalid("state", "unknown job state", map[string]any{"state": f.State, "allowed": store.JobStates()})
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return badRequest("limit", "limit must be 1..500")
		}
		f.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return badRequest("cursor", "invalid cursor")
		}
		f.BeforeID = n
	}
	list, next, err := s.d.Jobs.ListJobs(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]jobView, len(list))
	for i, j := range list {
		items[i] = toJobView(j)
	}
	cursor := ""
	if next > 0 {
		cursor = strconv.FormatInt(next, 10)
	}
	writeJSON(w, http.StatusOK, pageView[jobView]{Items: items, NextCursor: cursor})
	return nil
}

func jobID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("id", "job id must be a positive integer")
	}
	return id, nil
}

// jobAction serves GET /jobs/{id} and the POST actions on one job.
func (s *Server) jobAction(act func(JobsService, context.Context, int64) (store.Job, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := jobID(r)
		if err != nil {
			return err
		}
		j, err := act(s.d.Jobs, r.Context(), id)
		return answer(w, http.StatusOK, toJobView(j), err)
	}
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request) error {
	return s.jobAction(JobsService.Job)(w, r)
}

func (s *Server) retryJob(w http.ResponseWriter, r *http.Request) error {
	return s.jobAction(JobsService.RetryJob)(w, r)
}

func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request) error {
	return s.jobAction(JobsService.CancelJob)(w, r)
}

// jobIDView answers an action that enqueued a job.
type jobIDView struct {
	JobID int64 `json:"job_id"`
}

type periodicView struct {
	Name            string   `json:"name"`
	Kind            string   `json:"kind"`
	IntervalSeconds float64  `json:"interval_seconds"`
	NextRunAt       int64    `json:"next_run_at"`
	LastRun         *jobView `json:"last_run"`
}

// listPeriodic: GET /api/v1/jobs/periodic
func (s *Server) listPeriodic(w http.ResponseWriter, r *http.Request) error {
	tasks, err := s.d.Jobs.PeriodicTasks(r.Context())
	if err != nil {
		return err
	}
	out := make([]periodicView, len(tasks))
	for i, t := range tasks {
		out[i] = periodicView{Name: t.Name, Kind: t.Kind, IntervalSeconds: t.Interval.Seconds(), NextRunAt: t.NextRun.UnixMilli()}
		if t.Last != nil {
			v := toJobView(*t.Last)
			out[i].LastRun = &v
		}
	}
	writeJSON(w, http.StatusOK, itemsOf(out))
	return nil
}

// runPeriodic: POST /api/v1/jobs/periodic/{name}/run enqueues a run now.
func (s *Server) runPeriodic(w http.ResponseWriter, r *http.Request) error {
	id, err := s.d.Jobs.RunPeriodic(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, jobIDView{JobID: id})
	return nil
}

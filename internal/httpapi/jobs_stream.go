package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// jobStreamPoll is how often the progress stream re-reads the job.
const jobStreamPoll = 500 * time.Millisecond

// jobEvents streams a job as server-sent events (GET /api/v1/jobs/{id}/events):
// a "job" event carrying the job view whenever it changes, and "end" (with
// the final state) once it is succeeded, dead or cancelled. The UI's
// progress bars read it.
func (s *Server) jobEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	return s.streamJob(w, r, id, false)
}

// streamJob streams job id's view until it ends. Callers have checked that
// the principal may follow it; vouched says the check was the export's
// (the jobs service would apply jobs:read and its corp scope otherwise).
func (s *Server) streamJob(w http.ResponseWriter, r *http.Request, id int64, vouched bool) error {
	return s.streamLive(w, r, "job", jobStreamPoll, func(ctx context.Context) (any, any, error) {
		if vouched {
			ctx = exportJobCtx(ctx)
		}
		j, err := s.d.Jobs.Job(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		var end any
		if j.State == store.JobSucceeded || j.State == store.JobDead || j.State == store.JobCancelled {
			end = map[string]store.JobState{"state": j.State}
		}
		return toJobView(j), end, nil
	})
}

// exportJob is the job of an export the caller may see (its requester, or an
// approver of its corp), so a reviewer follows their export's progress
// without jobs:read (which would show every job of the deployment).
func (s *Server) exportJob(r *http.Request) (int64, error) {
	id, err := exportID(r)
	var e store.Export
	if err == nil {
		e, err = s.d.Exports.Get(r.Context(), id)
	}
	if err == nil && e.JobID == 0 {
		err = fmt.Errorf("export %d has no job yet: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	return e.JobID, nil
}

// GET /api/v1/exports/{id}/progress: the export's job, once.
func (s *Server) exportProgress(w http.ResponseWriter, r *http.Request) error {
	jobID, err := s.exportJob(r)
	if err != nil {
		return err
	}
	j, err := s.d.Jobs.Job(exportJobCtx(r.Context()), jobID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toJobView(j))
	return nil
}

// GET /api/v1/exports/{id}/events: the export's job as server-sent events.
func (s *Server) exportEvents(w http.ResponseWriter, r *http.Request) error {
	jobID, err := s.exportJob(r)
	if err != nil {
		return err
	}
	return s.streamJob(w, r, jobID, true)
}

// exportJobCtx reads an export's job for a caller the export service let
// see the export: as the system, since the caller need not hold jobs:read.
func exportJobCtx(ctx context.Context) context.Context {
	return auth.WithPrincipal(ctx, auth.Principal{Name: "system:export-progress", Kind: auth.KindSystem})
}

package httpapi

import (
	"context"
	"net/http"
	"time"

	"wecomadmin/internal/store"
)

// jobStreamPoll is how often the progress stream re-reads the job.
const jobStreamPoll = 500 * time.Millisecond

// jobEvents streams a job as server-sent events (GET /api/v1/jobs/{id}/events):
// a "job" event carrying the job view whenever it changes, and "end" (with
// the final state) once it is succeeded, dead or cancelled. The UI's
// progress bars read it.
func (s *Server) jobEvents(w http.ResponseWriter, r *http.Request) {
	if s.d.Jobs == nil {
		writeError(w, r, s.d.Log, errUnavailable)
		return
	}
	id, err := jobID(r)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	s.streamLive(w, r, "job", jobStreamPoll, func(ctx context.Context) (any, any, error) {
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

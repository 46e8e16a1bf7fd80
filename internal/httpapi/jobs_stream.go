package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"wecomadmin/internal/store"
)

// jobStreamPoll is how often the progress stream re-reads the job.
const jobStreamPoll = 500 * time.Millisecond

// jobEvents streams a job as server-sent events (GET /api/v1/jobs/{id}/events):
// an "job" event carrying the job view whenever it changes, and "end" once
// it is succeeded, dead or cancelled. The UI's progress bars read it.
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
	j, err := s.d.Jobs.Job(r.Context(), id)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(jobStreamPoll)
	defer tick.Stop()
	lastSent, lastWrite := int64(-1), time.Now()
	for {
		if j.UpdatedAt != lastSent {
			b, _ := json.Marshal(toJobView(j))
			fmt.Fprintf(w, "event: job\ndata: %s\n\n", b)
			lastSent, lastWrite = j.UpdatedAt, time.Now()
		} else if time.Since(lastWrite) > 15*time.Second {
			fmt.Fprint(w, ": keep-alive\n\n") // keeps proxies from closing an idle stream
			lastWrite = time.Now()
		}
		if j.State == store.JobSucceeded || j.State == store.JobDead || j.State == store.JobCancelled {
			fmt.Fprintf(w, "event: end\ndata: {\"state\":%q}\n\n", j.State)
			_ = rc.Flush()
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
		if j, err = s.d.Jobs.Job(r.Context(), id); err != nil {
			if r.Context().Err() == nil {
				fmt.Fprint(w, "event: error\ndata: {\"code\":\"internal\"}\n\n")
				s.d.Log.WarnContext(r.Context(), "job stream", "job_id", id, "err", err)
			}
			return
		}
	}
}

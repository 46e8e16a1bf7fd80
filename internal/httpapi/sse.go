package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"wecomadmin/internal/accounts"
)

// liveStreamPoll is how often a live stream re-reads what it follows.
const liveStreamPoll = time.Second

// streamLive follows a long run as server-sent events: an `event` event with
// read's view whenever the view changes, and "end" once read says the run is
// final. It is the jobs stream (jobs_stream.go) for runs that are not jobs:
// HR sync runs and handovers. The first read happens before the headers, so
// a missing run still answers a JSON error.
func (s *Server) streamLive(w http.ResponseWriter, r *http.Request, event string, read func(ctx context.Context) (any, bool, error)) {
	view, final, err := read(r.Context())
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
	tick := time.NewTicker(liveStreamPoll)
	defer tick.Stop()
	var last []byte
	lastWrite := time.Now()
	for {
		b, err := json.Marshal(view)
		if err != nil {
			s.d.Log.WarnContext(r.Context(), "live stream encode", "event", event, "err", err)
			return
		}
		if !bytes.Equal(b, last) {
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
			last, lastWrite = b, time.Now()
		} else if time.Since(lastWrite) > 15*time.Second {
			fmt.Fprint(w, ": keep-alive\n\n") // keeps proxies from closing an idle stream
			lastWrite = time.Now()
		}
		if final {
			fmt.Fprint(w, "event: end\ndata: {}\n\n")
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
		if view, final, err = read(r.Context()); err != nil {
			if r.Context().Err() == nil {
				fmt.Fprint(w, "event: error\ndata: {\"code\":\"internal\"}\n\n")
				s.d.Log.WarnContext(r.Context(), "live stream", "event", event, "err", err)
			}
			return
		}
	}
}

// transferEvents (GET /api/v1/transfers/{id}/events) streams a handover with
// its per-customer results ("transfer" events) until it is done.
func (s *Server) transferEvents(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.contactsSvc(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, r, s.d.Log, badRequest("invalid transfer id"))
		return
	}
	s.streamLive(w, r, "transfer", func(ctx context.Context) (any, bool, error) {
		t, err := svc.Transfer(ctx, id)
		if err == nil {
			err = corpAllowed(ctx, t.CorpID)
		}
		return t, t.State == "done", err
	})
}

// importEvents (GET /api/v1/hr/imports/{id}/events) streams an HR sync run
// ("run" events) until it is done, failed or refused.
func (s *Server) importEvents(w http.ResponseWriter, r *http.Request) {
	id, ok := s.importID(w, r)
	if !ok {
		return
	}
	s.streamLive(w, r, "run", func(ctx context.Context) (any, bool, error) {
		st, err := s.d.Accounts.Run(ctx, id)
		if err != nil {
			return nil, false, err
		}
		return st, st.State == accounts.RunDone || st.State == accounts.RunFailed || st.State == accounts.RunRefused, nil
	})
}

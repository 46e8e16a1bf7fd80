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

// liveRead reads what a stream follows: its view, and, once the run is
// final, the data of the closing "end" event (nil while it runs).
type liveRead func(ctx context.Context) (view, end any, err error)

// streamLive follows a long run (a job, an HR sync run, a handover) as
// server-sent events: an `event` event with the view whenever it changes,
// and "end" once the run is final. The first read happens before the
// headers, so a missing run still answers a JSON error.
func (s *Server) streamLive(w http.ResponseWriter, r *http.Request, event string, poll time.Duration, read liveRead) error {
	key := callerKey(r)
	if !s.streams.take(key) {
		return errTooManyStreams
	}
	defer s.streams.release(key)
	view, end, err := read(r.Context())
	if err != nil {
		return err
	}
	started, checked := time.Now(), time.Now()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var last []byte
	lastWrite := time.Now()
	for {
		b, err := json.Marshal(view)
		if err != nil {
			s.d.Log.WarnContext(r.Context(), "live stream encode", "event", event, "err", err)
			return nil
		}
		if !bytes.Equal(b, last) {
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
			last, lastWrite = b, time.Now()
		} else if time.Since(lastWrite) > 15*time.Second {
			fmt.Fprint(w, ": keep-alive\n\n") // keeps proxies from closing an idle stream
			lastWrite = time.Now()
		}
		if end != nil {
			eb, _ := json.Marshal(end)
			fmt.Fprintf(w, "event: end\ndata: %s\n\n", eb)
			_ = rc.Flush()
			return nil
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-tick.C:
		}
		if time.Since(started) > maxStreamLife {
			fmt.Fprint(w, "event: error\ndata: {\"code\":\"stream_expired\"}\n\n")
			return nil
		}
		if time.Since(checked) >= streamRecheck {
			if !s.stillAllowed(r) {
				fmt.Fprint(w, "event: error\ndata: {\"code\":\"session_ended\"}\n\n")
				return nil
			}
			checked = time.Now()
		}
		if view, end, err = read(r.Context()); err != nil {
			if r.Context().Err() == nil {
				fmt.Fprint(w, "event: error\ndata: {\"code\":\"internal\"}\n\n")
				s.d.Log.WarnContext(r.Context(), "live stream", "event", event, "err", err)
			}
			return nil
		}
	}
}

// done is the "end" data of a run that is final, nil while it runs.
func done(final bool) any {
	if final {
		return struct{}{}
	}
	return nil
}

// transferEvents (GET /api/v1/transfers/{id}/events) streams a handover with
// its per-customer results ("transfer" events) until it is done.
func (s *Server) transferEvents(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return badRequest("id", "invalid transfer id")
	}
	return s.streamLive(w, r, "transfer", liveStreamPoll, func(ctx context.Context) (any, any, error) {
		t, err := svc.Transfer(ctx, id)
		if err == nil {
			err = corpAllowed(ctx, t.CorpID)
		}
		return t, done(t.State == "done"), err
	})
}

// importEvents (GET /api/v1/hr/imports/{id}/events) streams an HR sync run
// ("run" events) until it is done, failed or refused.
func (s *Server) importEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := s.importID(r)
	if err != nil {
		return err
	}
	return s.streamLive(w, r, "run", liveStreamPoll, func(ctx context.Context) (any, any, error) {
		st, err := s.d.Accounts.Run(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		return st, done(st.State == accounts.RunDone || st.State == accounts.RunFailed || st.State == accounts.RunRefused), nil
	})
}

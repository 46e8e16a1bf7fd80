package httpapi

import (
	"context"
	"net/http"
	"time"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, healthView{Status: "ok"})
	return nil
}

// readyz answers 200 only when the store answers and its schema is current.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]string{"store": "ok", "migrations": "ok"}
	status := http.StatusOK
	if s.d.Ready == nil {
		checks["store"] = "not configured"
		status = http.StatusServiceUnavailable
	} else if err := s.d.Ready.Ping(ctx); err != nil {
		checks["store"] = "unreachable"
		status = http.StatusServiceUnavailable
	} else if ok, err := s.d.Ready.Current(ctx); err != nil || !ok {
		checks["migrations"] = "pending"
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, readyView{Checks: checks, Ready: status == http.StatusOK})
	return nil
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) error {
	s.d.Metrics.Handler().ServeHTTP(w, r)
	return nil
}

func (s *Server) version(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, versionView{Version: s.d.Version})
	return nil
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.d.Status.Report(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

type healthView struct {
	Status string `json:"status"`
}

// readyView answers /readyz: each check is "ok" or what is wrong.
type readyView struct {
	Checks map[string]string `json:"checks"`
	Ready  bool              `json:"ready"`
}

type versionView struct {
	Version string `json:"version"`
}

package httpapi

import (
	"context"
	"net/http"
	"time"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when the store answers and its schema is current.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
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
	writeJSON(w, status, map[string]any{"ready": status == http.StatusOK, "checks": checks})
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	s.d.Metrics.Handler().ServeHTTP(w, r)
}

func (s *Server) version(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"version": s.d.Version})
}

// status is filled in by the archive, media and jobs features; until then it
// reports what the foundation knows.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"version": s.d.Version, "corps": []any{}, "jobs": s.jobCounts(r.Context())})
}

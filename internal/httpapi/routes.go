package httpapi

import (
	"net/http"
	"strings"

	"wecomadmin/internal/auth"
)

// Route is one entry of the API's table of contents. The authorization
// matrix test walks Routes(), so no route can skip its permission.
type Route struct {
	Pattern    string
	Permission auth.Permission
	handler    http.HandlerFunc
}

// Routes lists every route with the permission it needs. One line a route.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /healthz", auth.Public, s.healthz},
		{"GET /readyz", auth.Public, s.readyz},
		{"GET /metrics", auth.Public, s.metrics},
		{"GET /api/v1/version", auth.Public, s.version},
		{"GET /api/v1/status", auth.StatusRead, s.status},
		{"GET /api/v1/jobs", auth.JobsRead, s.listJobs},
		{"GET /api/v1/jobs/periodic", auth.JobsRead, s.listPeriodic},
		{"POST /api/v1/jobs/periodic/{name}/run", auth.JobsWrite, s.runPeriodic},
		{"GET /api/v1/jobs/{id}", auth.JobsRead, s.getJob},
		{"GET /api/v1/jobs/{id}/events", auth.JobsRead, s.jobEvents},
		{"POST /api/v1/jobs/{id}/retry", auth.JobsWrite, s.retryJob},
		{"POST /api/v1/jobs/{id}/cancel", auth.JobsWrite, s.cancelJob},
	}
}

func (s *Server) routes() {
	for _, r := range s.Routes() {
		s.mux.Handle(r.Pattern, s.instrument(r.Pattern, s.authorize(r.Permission, s.limitBody(r.handler))))
	}
	if s.d.SPA != nil {
		s.mux.Handle("/", s.d.SPA)
	}
	s.mux.HandleFunc("/api/", s.apiFallback)
}

// apiFallback answers JSON for unknown API paths: 405 with Allow when the
// path exists under another method, 404 otherwise.
func (s *Server) apiFallback(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, r, s.d.Log, errMethodNotAllowed)
		return
	}
	writeError(w, r, s.d.Log, errRouteNotFound)
}

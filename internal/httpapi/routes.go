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
		{"GET /api/v1/corps", auth.CorpsRead, s.listCorps},
		{"POST /api/v1/corps", auth.CorpsWrite, s.createCorp},
		{"PUT /api/v1/corps", auth.CorpsWrite, s.updateCorp},
		{"GET /api/v1/corps/{key}/accounts-settings", auth.CorpsRead, s.getAccountSettings},
		{"PUT /api/v1/corps/{key}/accounts-settings", auth.SettingsWrite, s.putAccountSettings},
		{"GET /api/v1/employees", auth.EmployeesRead, s.listEmployees},
		{"GET /api/v1/employees/{id}", auth.EmployeesRead, s.getEmployee},
		{"POST /api/v1/hr/imports", auth.HRSyncRun, s.createImport},
		{"GET /api/v1/hr/imports/{id}", auth.HRSyncRun, s.getImport},
		{"POST /api/v1/hr/imports/{id}/apply", auth.HRSyncRun, s.applyImport},
		{"GET /api/v1/licences", auth.LicencesRead, s.listLicences},
		{"GET /wecom/tfa", auth.Public, s.tfaPage},
		{"POST /wecom/tfa", auth.Public, s.tfaSubmit},
	}
}

func (s *Server) routes() {
	for _, r := range s.Routes() {
		s.mux.Handle(r.Pattern, s.instrument(r.Pattern, s.authorize(r.Permission, s.limitBody(r.handler))))
	}
	// "/" serves /WW_verify_<code>.txt (WeCom domain ownership) before the SPA.
	s.mux.Handle("/", s.rootFiles(s.d.SPA))
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

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
		{"GET /wecom/callback/{corp}", auth.Public, s.callbackVerify},
		{"POST /wecom/callback/{corp}", auth.Public, s.callbackReceive},
		{"GET /api/v1/contacts", auth.ContactsRead, s.listContacts},
		{"GET /api/v1/contacts/groups", auth.ContactsRead, s.listGroups},
		{"GET /api/v1/contacts/groups/{chat}", auth.ContactsRead, s.getGroup},
		{"POST /api/v1/contacts/reconcile", auth.TransfersWrite, s.reconcileContacts},
		{"GET /api/v1/contacts/{id}", auth.ContactsRead, s.getContact},
		{"GET /api/v1/transfers", auth.ContactsRead, s.listTransfers},
		{"POST /api/v1/transfers", auth.TransfersWrite, s.createTransfer},
		{"POST /api/v1/transfers/leaver", auth.TransfersWrite, s.leaverTransfer},
		{"GET /api/v1/transfers/{id}", auth.ContactsRead, s.getTransfer},
		{"GET /api/v1/welcome-templates", auth.ContactsRead, s.listWelcomeTemplates},
		{"POST /api/v1/welcome-templates", auth.WelcomeWrite, s.saveWelcomeTemplate},
		{"PUT /api/v1/welcome-templates/{id}", auth.WelcomeWrite, s.saveWelcomeTemplate},
		{"DELETE /api/v1/welcome-templates/{id}", auth.WelcomeWrite, s.deleteWelcomeTemplate},
		{"GET /api/v1/welcome-sends", auth.ContactsRead, s.welcomeReport},
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

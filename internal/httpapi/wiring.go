package httpapi

import (
	"net/http"
	"strings"
)

// dependencyGroup is a route group and whether the service it calls is
// wired. A group whose service is absent is served by one unavailable
// handler (503 "unavailable"), chosen once at registration, so handlers
// never check for a nil service themselves.
type dependencyGroup struct {
	dep      string   // the Deps field the group calls
	absent   bool     // that field is nil
	prefixes []string // paths of the group
}

// wiredAlways are routes under a group's prefix that answer without its
// service (the static catalog of audit actions, the sign-in methods).
var wiredAlways = map[string]bool{
	"GET /api/v1/audit/actions":  true,
	"GET /api/v1/auth/providers": true,
}

func (s *Server) dependencyGroups() []dependencyGroup {
	d := s.d
	return []dependencyGroup{
		{"AuthSvc", d.AuthSvc == nil, []string{"/api/v1/auth/", "/api/v1/admins", "/api/v1/tokens", "/api/v1/enrolment/"}},
		{"Audit", d.Audit == nil, []string{"/api/v1/audit"}},
		{"Status", d.Status == nil, []string{"/api/v1/status"}},
		{"Jobs", d.Jobs == nil, []string{"/api/v1/jobs", "/api/v1/exports/{id}/progress", "/api/v1/exports/{id}/events"}},
		{"Accounts", d.Accounts == nil, []string{"/api/v1/corps", "/api/v1/employees", "/api/v1/hr/", "/api/v1/licences", "/wecom/tfa"}},
		{"Contacts", d.Contacts == nil, []string{"/wecom/callback/", "/api/v1/contacts", "/api/v1/transfers", "/api/v1/welcome-"}},
		{"Media", d.Media == nil, []string{"/api/v1/media"}},
		{"Search", d.Search == nil, []string{"/api/v1/messages/", "/api/v1/conversations", "/api/v1/review/"}},
		{"Exports", d.Exports == nil, []string{"/api/v1/exports"}},
		{"Retention", d.Retention == nil, []string{"/api/v1/retention", "/api/v1/holds"}},
		{"Lake", d.Lake == nil, []string{"/api/v1/lake"}},
		{"Monitor", d.Monitor == nil, []string{"/api/v1/alerts", "/api/v1/monitoring/"}},
	}
}

// unwired names the absent service a route calls, "" when all are wired.
func (s *Server) unwired(groups []dependencyGroup, pattern string) string {
	if wiredAlways[pattern] {
		return ""
	}
	_, path, _ := strings.Cut(pattern, " ")
	for _, g := range groups {
		for _, p := range g.prefixes {
			if g.absent && strings.HasPrefix(path, p) {
				return g.dep
			}
		}
	}
	return ""
}

func (s *Server) unavailable(w http.ResponseWriter, r *http.Request) error {
	return errUnavailable
}

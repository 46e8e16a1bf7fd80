package httpapi

import (
	"net/http/httptest"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
)

// Every route of a group whose service is not wired answers 503
// "unavailable" from the one handler registered for it; the handlers
// themselves never see a nil service.
func TestUnwiredGroupsAnswerUnavailable(t *testing.T) {
	t.Parallel()
	s := New(Deps{Auth: tokenAuth{"admin": {Name: "a", Kind: auth.KindAdmin, Grants: []auth.Grant{{Role: auth.RoleAdmin}}}}})
	h := s.Handler()
	for _, g := range s.dependencyGroups() {
		t.Run(g.dep, func(t *testing.T) {
			t.Parallel()
			n := 0
			for _, r := range s.Routes() {
				method, path, _ := strings.Cut(r.Pattern, " ")
				if s.unwired([]dependencyGroup{g}, r.Pattern) == "" {
					continue
				}
				n++
				req := httptest.NewRequest(method, pathParamRe.ReplaceAllString(path, "x1"), strings.NewReader("{}"))
				req.Header.Set("Authorization", "Bearer admin")
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
					t.Errorf("%s without %s: %d %s; want 503 unavailable", r.Pattern, g.dep, rec.Code, rec.Body.String())
				}
			}
			if n == 0 {
				t.Errorf("group %s matches no route", g.dep)
			}
		})
	}
}

// A wired service leaves its routes to their handlers, and the routes
// that answer without one stay up.
func TestWiredGroupsKeepTheirHandlers(t *testing.T) {
	t.Parallel()
	s := New(Deps{})
	groups := s.dependencyGroups()
	for i := range groups {
		groups[i].absent = false
	}
	for _, r := range s.Routes() {
		if dep := s.unwired(groups, r.Pattern); dep != "" {
			t.Errorf("%s: unwired %s with every service present", r.Pattern, dep)
		}
	}
	for p := range wiredAlways {
		if dep := s.unwired(s.dependencyGroups(), p); dep != "" {
			t.Errorf("%s is served without its group's service but was unwired (%s)", p, dep)
		}
	}
}

package httpapi

import (
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
)

func TestRetentionAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec),
			Retention: retention.New(e.b.Store, e.rec, nil, retention.Options{FloorDays: 365})})
		e.h = e.srv.Handler()
		adm, _ := e.admin("adm", auth.Grant{Role: auth.RoleAdmin})
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		aS, aC := e.session(adm)
		rS, rC := e.session(rev)
		for _, tc := range []struct {
			method, path, body string
			opt                reqOpt
			code               int
		}{
			{"PUT", "/api/v1/retention", `{"corp_id":"wwc1","days":30}`, withSession(aS, aC), 422}, // under the floor
			{"PUT", "/api/v1/retention", `{"corp_id":"wwc1","days":400}`, withSession(aS, aC), 200},
			{"PUT", "/api/v1/retention", `{"corp_id":"wwc1","days":400}`, withSession(rS, rC), 403},
			{"GET", "/api/v1/retention?corp=wwc1", "", withSession(aS, aC), 200},
			{"POST", "/api/v1/holds", `{"corp_id":"wwc1","matter":"案件A","employees":["e1"]}`, withSession(aS, aC), 200},
			{"POST", "/api/v1/holds", `{"corp_id":"wwc1","matter":""}`, withSession(aS, aC), 422},
			{"PUT", "/api/v1/holds/1", `{"corp_id":"wwc1","matter":"案件A","employees":["e1","e0"]}`, withSession(aS, aC), 200},
			{"GET", "/api/v1/holds?corp=wwc1", "", withSession(aS, aC), 200},
			{"POST", "/api/v1/holds/1/release?corp=wwc1", `{"reason":"closed"}`, withSession(aS, aC), 200},
			{"POST", "/api/v1/holds/1/release?corp=wwc1", `{"reason":"again"}`, withSession(aS, aC), 422},
			{"POST", "/api/v1/retention/run?corp=wwc1", "", withSession(aS, aC), 200},
		} {
			if w := e.do(tc.method, tc.path, tc.body, tc.opt); w.Code != tc.code {
				t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, w.Code, w.Body, tc.code)
			}
		}
	})
}

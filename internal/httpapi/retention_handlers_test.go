package httpapi

import (
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store/storetest"
)

func TestRetentionAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		storetest.Exec(t, e.b.Store, `INSERT INTO archive_rooms (corp_id, roomid, name, fetched_at) VALUES ('wwc1', 'r1', '学术群', 0)`)
		storetest.Exec(t, e.b.Store, `INSERT INTO external_contacts (corp_id, external_userid, name, created_at, updated_at) VALUES ('wwc1', 'wmx', '王医生', 0, 0)`)
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec),
			Retention: retention.New(e.b.Store, e.rec, nil, retention.Options{FloorDays: 365})})
		e.h = e.srv.Handler()
		adm, _ := e.admin("adm", auth.Grant{Role: auth.RoleAdmin})
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		aS, aC := e.session(adm)
		rS, rC := e.session(rev)
		other, _ := e.admin("adm2", auth.Grant{Role: auth.RoleAdmin, CorpID: "wwother"})
		oS, oC := e.session(other)
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
			{"POST", "/api/v1/holds", `{"corp_id":"wwc1","matter":"案件X","employees":["nobody"]}`, withSession(aS, aC), 422}, // custodian unknown
			{"PUT", "/api/v1/holds/1", `{"corp_id":"wwc1","matter":"案件A","employees":["e1","e0"]}`, withSession(aS, aC), 200},
			{"GET", "/api/v1/holds?corp=wwc1", "", withSession(aS, aC), 200},
			{"POST", "/api/v1/holds/1/release?corp=wwc1", `{"reason":"closed"}`, withSession(aS, aC), 200},
			{"POST", "/api/v1/holds/1/release?corp=wwc1", `{"reason":"again"}`, withSession(aS, aC), 422},
			{"POST", "/api/v1/retention/run?corp=wwc1", "", withSession(aS, aC), 200},
			{"POST", "/api/v1/retention", `{"corp_id":"wwc1","msgtype":"image","days":500}`, withSession(aS, aC), 201},
			{"PUT", "/api/v1/retention/2", `{"corp_id":"wwc1","msgtype":"image","days":100}`, withSession(aS, aC), 422},
			{"PUT", "/api/v1/retention/2", `{"corp_id":"wwc1","msgtype":"file","days":600}`, withSession(aS, aC), 200},
			{"PUT", "/api/v1/retention/2", `{"corp_id":"wwc1","msgtype":"","days":600}`, withSession(aS, aC), 409}, // rule 1 is corp-wide
			{"PUT", "/api/v1/retention/99", `{"corp_id":"wwc1","days":600}`, withSession(aS, aC), 404},
			{"GET", "/api/v1/retention/preview?corp=wwc1", "", withSession(aS, aC), 200},
			{"GET", "/api/v1/retention/preview?corp=wwc1", "", withSession(rS, rC), 403},
			{"GET", "/api/v1/retention?corp=wwc1", "", withSession(oS, oC), 403}, // an admin of another corp
			{"PUT", "/api/v1/retention", `{"corp_id":"wwc1","days":400}`, withSession(oS, oC), 403},
			{"POST", "/api/v1/holds", `{"corp_id":"wwc1","matter":"案件B","rooms":["r1"],"from":1,"to":2}`, withSession(aS, aC), 200},
			{"GET", "/api/v1/holds?corp=wwc1", "", withSession(aS, aC), 200},
			{"GET", "/api/v1/holds/2?corp=wwc1", "", withSession(aS, aC), 200},
			{"GET", "/api/v1/holds/2?corp=wwc1", "", withSession(oS, oC), 403},
			{"GET", "/api/v1/holds/9?corp=wwc1", "", withSession(aS, aC), 404},
			{"PUT", "/api/v1/holds/2", `{"corp_id":"wwc1","matter":"案件B","contacts":["wmx"]}`, withSession(aS, aC), 200},
			{"POST", "/api/v1/holds/2/release?corp=wwc1", `{"reason":"closed"}`, withSession(aS, aC), 200},
			{"POST", "/api/v1/retention/holds", `{"corp_id":"wwc1","matter":"案件C"}`, withSession(aS, aC), 405}, // holds live under /api/v1/holds only
			{"DELETE", "/api/v1/retention/2?corp=wwc1", "", withSession(aS, aC), 204},
		} {
			if w := e.do(tc.method, tc.path, tc.body, tc.opt); w.Code != tc.code {
				t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, w.Code, w.Body, tc.code)
			}
		}
	})
}

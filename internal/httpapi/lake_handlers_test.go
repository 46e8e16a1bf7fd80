package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/search"
)

func TestLakeAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		out, err := local.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec),
			Lake: lake.New(e.b.Store, out, nil, e.rec, nil, lake.Options{TempDir: t.TempDir()})})
		e.h = e.srv.Handler()
		adm, _ := e.admin("adm", auth.Grant{Role: auth.RoleAdmin})
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		other, _ := e.admin("adm2", auth.Grant{Role: auth.RoleAdmin, CorpID: "wwother"})
		aS, aC := e.session(adm)
		rS, rC := e.session(rev)
		oS, oC := e.session(other)
		for _, tc := range []struct {
			method, path, body string
			opt                reqOpt
			code               int
			want               string
		}{
			{"GET", "/api/v1/lake?corp=c1", "", withSession(aS, aC), 200, `"tables":["messages"`},
			{"GET", "/api/v1/lake?corp=c1", "", withSession(rS, rC), 403, "forbidden"},
			{"GET", "/api/v1/lake?corp=wwc1", "", withSession(oS, oC), 403, "forbidden"}, // an admin of another corp
			{"GET", "/api/v1/lake?corp=nope", "", withSession(aS, aC), 404, "unknown_corp"},
			{"GET", "/api/v1/lake", "", withSession(aS, aC), 422, "validation_failed"},
			{"PUT", "/api/v1/lake/settings?corp=c1", `{"mask_pii":true}`, withSession(aS, aC), 200, `"mask_pii":true`},
			{"PUT", "/api/v1/lake/settings?corp=c1", `{"mask":true}`, withSession(aS, aC), 400, ""},
			{"PUT", "/api/v1/lake/settings?corp=c1", `{"mask_pii":false}`, withSession(oS, oC), 403, ""},
			{"POST", "/api/v1/lake/runs?corp=c1", "", withSession(aS, aC), 200, `"rows":30`},
			{"POST", "/api/v1/lake/runs?corp=c1", "", withSession(aS, aC), 200, `"nothing_new":true`},
			{"POST", "/api/v1/lake/runs?corp=c1", "", withSession(rS, rC), 403, ""},
			{"GET", "/api/v1/lake/runs?corp=wwc1", "", withSession(aS, aC), 200, `"state":"done"`},
			{"POST", "/api/v1/lake/compliance?corp=c1", `{"format":"eml","from":"2023-11-14T00:00:00Z","to":"2023-11-16T00:00:00Z"}`,
				withSession(aS, aC), 200, `"messages":30`},
			{"POST", "/api/v1/lake/compliance?corp=c1", `{"format":"pst","from":"2023-11-14T00:00:00Z","to":"2023-11-16T00:00:00Z"}`,
				withSession(aS, aC), 422, "validation_failed"},
			{"POST", "/api/v1/lake/compliance?corp=c1", `{"format":"signed-jsonl","from":"2023-11-14T00:00:00Z","to":"2023-11-16T00:00:00Z"}`,
				withSession(aS, aC), 200, `manifest.json`}, // signed with the audit signing key
		} {
			w := e.do(tc.method, tc.path, tc.body, tc.opt)
			if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, w.Code, w.Body, tc.code, tc.want)
			}
		}
		w := e.do("GET", "/api/v1/lake?corp=c1", "", withSession(aS, aC))
		var env struct {
			Data lake.Overview `json:"data"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Data.Watermarks["messages"].Value == 0 ||
			!env.Data.Settings.MaskPII || len(env.Data.Runs) != 2 {
			t.Errorf("overview: %s %v", w.Body, err)
		}
	})
}

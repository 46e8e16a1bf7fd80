package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// TestMonitoringRunProgress: a retroactive run's progress is readable by
// whoever reads the corp's whole queue, without jobs:read; other corps'
// scopes, other kinds of job and callers without alerts:read get nothing.
func TestMonitoringRunProgress(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withMonitoring(t, e)
		adm, _ := e.admin("adm", auth.Grant{Role: auth.RoleAdmin})
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		aud, _ := e.admin("aud", auth.Grant{Role: auth.RoleAuditor})
		aS, aC := e.session(adm)
		rS, rC := e.session(rev)
		sS, sC := e.session(scoped)
		auS, auC := e.session(aud)
		w := e.do("POST", "/api/v1/monitoring/runs", `{"corp":"c1"}`, withSession(aS, aC))
		if w.Code != 202 {
			t.Fatalf("start: %d %s", w.Code, w.Body)
		}
		var started struct {
			Data struct {
				JobID int64 `json:"job_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &started); err != nil || started.Data.JobID == 0 {
			t.Fatalf("start body %s: %v", w.Body, err)
		}
		other, _, err := e.b.Store.EnqueueJob(context.Background(), store.NewJob{Kind: "export.run", CorpID: "wwc1"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/monitoring/runs/" + i64(started.Data.JobID)
		for _, tc := range []struct {
			name     string
			path     string
			opt      reqOpt
			code     int
			contains []string
		}{
			{"reviewer without jobs:read", path, withSession(rS, rC), 200,
				[]string{`"job_id":` + i64(started.Data.JobID), `"corp_id":"wwc1"`, `"state":"queued"`, `"done":0`, `"total":0`}},
			{"admin", path, withSession(aS, aC), 200, []string{`"state":"queued"`}},
			{"department-scoped reviewer", path, withSession(sS, sC), 404, nil},
			{"auditor without alerts:read", path, withSession(auS, auC), 403, nil},
			{"another kind of job", "/api/v1/monitoring/runs/" + i64(other), withSession(rS, rC), 404, nil},
			{"bad id", "/api/v1/monitoring/runs/x", withSession(rS, rC), 422, nil},
			{"no session", path, func(*http.Request) {}, 401, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := e.do("GET", tc.path, "", tc.opt)
				if w.Code != tc.code {
					t.Fatalf("%d %s", w.Code, w.Body)
				}
				for _, c := range tc.contains {
					if !strings.Contains(w.Body.String(), c) {
						t.Errorf("body %s lacks %s", w.Body, c)
					}
				}
			})
		}
	})
}

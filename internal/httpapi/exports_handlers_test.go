package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/export"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

type nopQueue struct{}

func (nopQueue) Enqueue(context.Context, jobs.NewJob) (int64, error) { return 1, nil }

func TestExportsAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		bk, err := local.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ex := export.New(e.b.Store, bk, nopQueue{}, approval.New(e.b.Store, e.rec), e.rec, export.Options{TempDir: t.TempDir()})
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec), Exports: ex})
		e.h = e.srv.Handler()
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		other, _ := e.admin("other", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		sS, sC := e.session(scoped)
		oS, oC := e.session(other)

		w := e.do("POST", "/api/v1/exports", `{"corp":"wwc1","format":"csv","q":"不良","filter":{"msgtype":"text"}}`, withSession(sS, sC))
		if w.Code != 202 {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		var got struct{ ID int64 }
		decodeData(t, w, &got)
		if w := e.do("GET", "/api/v1/exports/"+itoa(int(got.ID))+"/download", "", withSession(sS, sC)); w.Code != 409 {
			t.Fatalf("download before generate: %d", w.Code)
		}
		ex2, _ := e.b.Store.ExportByID(context.Background(), got.ID)
		if err := ex.Generate(context.Background(), &ex2, nil); err != nil {
			t.Fatal(err)
		}
		w = e.do("GET", "/api/v1/exports/"+itoa(int(got.ID))+"/download", "", withSession(sS, sC))
		if w.Code != 200 || !bytes.HasPrefix(w.Body.Bytes(), []byte("\uFEFF")) || bytes.Contains(w.Body.Bytes(), []byte("e1")) {
			t.Fatalf("download: %d %s", w.Code, w.Body)
		}
		if w := e.do("GET", "/api/v1/exports/"+itoa(int(got.ID))+"/download", "", withSession(oS, oC)); w.Code != 403 {
			t.Fatalf("other's download: %d", w.Code)
		}
		for _, tc := range []struct{ body string }{{`{"corp":"wwc1","format":"doc","q":"x"}`}, {`{"corp":"wwc1","format":"csv","q":"-x"}`}, {`{"corp":"wwc1","format":"xlsx","q":"x","layout":"tabs"}`}} {
			if w := e.do("POST", "/api/v1/exports", tc.body, withSession(sS, sC)); w.Code != 422 {
				t.Errorf("%s: %d", tc.body, w.Code)
			}
		}
		evs, _ := e.b.Store.ListAudit(context.Background(), store.AuditFilter{Action: "export.", Limit: 10})
		var acts []string
		for _, ev := range evs {
			acts = append(acts, ev.Action+"/"+ev.Outcome)
		}
		b, _ := json.Marshal(acts)
		if string(b) != `["export.download/denied","export.download/success","export.generate/success","export.request/success"]` {
			t.Fatalf("audit %s", b)
		}
	})
}

// TestExportProgressForTheRequester: a reviewer follows their own export's
// job through the export (they hold no jobs:read, so the jobs endpoints
// refuse them and each refusal would be an audited denial); another
// reviewer cannot follow it.
func TestExportProgressForTheRequester(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		bk, err := local.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		rt := jobs.New(e.b.Store, jobs.Options{})
		ex := export.New(e.b.Store, bk, rt, approval.New(e.b.Store, e.rec), e.rec, export.Options{TempDir: t.TempDir()})
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec),
			Exports: ex, Jobs: rt})
		e.h = e.srv.Handler()
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		// A department-scoped reviewer approves no export of the corp, so sees only their own.
		other, _ := e.admin("other", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		rS, rC := e.session(rev)
		oS, oC := e.session(other)
		w := e.do("POST", "/api/v1/exports", `{"corp":"wwc1","format":"csv","q":"不良","reason":"case 7"}`, withSession(rS, rC))
		if w.Code != 202 {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		var created struct {
			ID    int64 `json:"id"`
			JobID int64 `json:"job_id"`
		}
		decodeData(t, w, &created)
		if created.JobID == 0 {
			t.Fatalf("export without a job: %s", w.Body)
		}
		path := "/api/v1/exports/" + itoa(int(created.ID))
		w = e.do("GET", path+"/progress", "", withSession(rS, rC))
		var view struct {
			ID    int64  `json:"id"`
			State string `json:"state"`
		}
		decodeData(t, w, &view)
		if w.Code != 200 || view.ID != created.JobID || view.State == "" {
			t.Fatalf("requester's progress: %d %s", w.Code, w.Body)
		}
		for _, p := range []string{path + "/progress", path + "/events"} {
			if w := e.do("GET", p, "", withSession(oS, oC)); w.Code != 404 {
				t.Errorf("another reviewer's %s: %d %s, want 404", p, w.Code, w.Body)
			}
		}
		if w := e.do("GET", "/api/v1/jobs/"+itoa(int(created.JobID)), "", withSession(rS, rC)); w.Code != 403 {
			t.Fatalf("a reviewer reads the jobs API: %d", w.Code)
		}
	})
}

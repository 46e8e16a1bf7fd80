package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/media"
	"wecomadmin/internal/media/scan"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

const mediaCorp = "wwmediacorp00001"

// mediaFixture stores a message from userid with one media row in the
// given scan state, its bytes in bucket, and returns the media id.
func mediaFixture(t *testing.T, st *store.Store, bucket *local.Bucket, msgid, from, filename, scanResult string, body []byte) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := st.InsertMessage(ctx, store.Message{CorpID: mediaCorp, MsgID: msgid, Action: "send", MsgType: "file",
		From: from, ToList: `["wmexternal1"]`}); err != nil {
		t.Fatal(err)
	}
	id, _, err := st.InsertMedia(ctx, store.Media{CorpID: mediaCorp, MsgID: msgid, SDKFileID: "sdk-" + msgid, Kind: "file", Filename: filename})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	m, _ := st.GetMedia(ctx, id)
	m.SHA256 = hex.EncodeToString(sum[:])
	m.BlobKey = "sha256/" + m.SHA256
	m.Size, m.SniffedType, m.ContentType, m.ScanResult = int64(len(body)), media.Sniff(body), media.Sniff(body), scanResult
	m.State = map[string]string{"clean": media.StateClean, "infected": media.StateInfected, "unscanned": media.StateUnscanned}[scanResult]
	m.Quarantined = scanResult == "infected"
	if err := bucket.Put(ctx, m.BlobKey, bytes.NewReader(body), int64(len(body))); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateMedia(ctx, m); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMediaServing(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		st := e.b.Store
		storetest.SeedCorp(t, st, mediaCorp, "media")
		storetest.Exec(t, st,
			`INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at) VALUES ('`+mediaCorp+`', 'alice', 'Alice', '总部/医学部/肿瘤事业部', 0, 0)`,
			`INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at) VALUES ('`+mediaCorp+`', 'bob', 'Bob', '总部/销售部', 0, 0)`)
		bucket, err := local.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		svc := media.New(media.Deps{Store: st, Blob: bucket, Audit: e.rec, Scanner: idleScanner{},
			Corp: func(string) media.CorpSettings { return media.CorpSettings{} }}, media.Options{})
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Status: status.New(st, "test"), Media: svc})
		e.h = e.srv.Handler()

		pdf := []byte("%PDF-1.4\n" + strings.Repeat("会议纪要 minutes ", 200))
		clean := mediaFixture(t, st, bucket, "m1", "alice", "会议纪要.pdf", "clean", pdf)
		infected := mediaFixture(t, st, bucket, "m2", "alice", "x.zip", "infected", []byte("PK\x03\x04 bad"))
		unscanned := mediaFixture(t, st, bucket, "m3", "alice", "y.txt", "unscanned", []byte("hello"))
		html := mediaFixture(t, st, bucket, "m4", "alice", "invoice.pdf", "clean", []byte("<html><script>alert(1)</script></html>"))

		adminID, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
		oncoID, _ := e.admin("onco", auth.Grant{Role: auth.RoleReviewer, CorpID: mediaCorp, Departments: []string{"总部/医学部"}})
		salesID, _ := e.admin("sales", auth.Grant{Role: auth.RoleReviewer, CorpID: mediaCorp, Departments: []string{"总部/销售部"}})
		auditorID, _ := e.admin("aud", auth.Grant{Role: auth.RoleAuditor})
		sess := func(id int64) reqOpt { c, x := e.session(id); return withSession(c, x) }
		admin, onco, sales, auditor := sess(adminID), sess(oncoID), sess(salesID), sess(auditorID)
		path := func(id int64, suffix string) string { return fmt.Sprintf("/api/v1/media/%d%s", id, suffix) }

		// The whole file, with a safe disposition and sniffed type.
		w := e.do("GET", path(clean, ""), "", onco)
		if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), pdf) {
			t.Fatalf("onco get: %d %s", w.Code, w.Body.String())
		}
		h := w.Header()
		if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Accept-Ranges") != "bytes" {
			t.Fatalf("headers %v", h)
		}
		_, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
		if err != nil || params["filename"] != "会议纪要.pdf" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
			!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''%E4%BC%9A") {
			t.Fatalf("disposition %q: %v %v", h.Get("Content-Disposition"), params, err)
		}
		// Range requests for players.
		w = e.do("GET", path(clean, ""), "", onco, func(r *http.Request) { r.Header.Set("Range", "bytes=9-18") })
		if w.Code != 206 || !bytes.Equal(w.Body.Bytes(), pdf[9:19]) || w.Header().Get("Content-Range") != fmt.Sprintf("bytes 9-18/%d", len(pdf)) {
			t.Fatalf("range: %d %q %q", w.Code, w.Body.String(), w.Header().Get("Content-Range"))
		}
		w = e.do("GET", path(clean, ""), "", onco, func(r *http.Request) { r.Header.Set("Range", fmt.Sprintf("bytes=%d-", len(pdf)-5)) })
		if w.Code != 206 || !bytes.Equal(w.Body.Bytes(), pdf[len(pdf)-5:]) {
			t.Fatalf("suffix range: %d", w.Code)
		}
		cases := []struct {
			name   string
			who    reqOpt
			path   string
			status int
			code   string
		}{
			{"other department", sales, path(clean, ""), 404, "not_found"},
			{"other department info", sales, path(clean, "/info"), 404, "not_found"},
			{"auditor", auditor, path(clean, ""), 403, "forbidden"},
			{"infected for admin", admin, path(infected, ""), 403, "media_quarantined"},
			{"infected for reviewer", onco, path(infected, ""), 403, "media_quarantined"},
			{"unscanned", admin, path(unscanned, ""), 409, "media_unscanned"},
			{"no playable", admin, path(clean, "/playable"), 409, "media_not_ready"},
			{"no transcript", admin, path(clean, "/transcript"), 404, "not_found"},
			{"bad id", admin, "/api/v1/media/x", 400, "bad_request"},
		}
		for _, c := range cases {
			w := e.do("GET", c.path, "", c.who)
			if w.Code != c.status || errCode(w) != c.code {
				t.Errorf("%s: %d %s, want %d %s", c.name, w.Code, errCode(w), c.status, c.code)
			}
		}
		// Active content from a sender is never inline, never its own type.
		w = e.do("GET", path(html, ""), "", admin)
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/octet-stream" || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment") {
			t.Fatalf("html: %d %v", w.Code, w.Header())
		}
		// Listing is scoped too.
		var list struct {
			Items []mediaView `json:"items"`
		}
		decodeData(t, e.do("GET", "/api/v1/media?corp="+mediaCorp, "", sales), &list)
		if len(list.Items) != 0 {
			t.Fatalf("sales sees %d items", len(list.Items))
		}
		decodeData(t, e.do("GET", "/api/v1/media?corp="+mediaCorp+"&state=infected", "", onco), &list)
		if len(list.Items) != 1 || list.Items[0].ID != infected || list.Items[0].ScanResult != "infected" {
			t.Fatalf("onco infected list: %+v", list.Items)
		}
		// Reads and denials are audited.
		evs, _, err := e.rec.List(context.Background(), store.AuditFilter{Action: "media.", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range evs {
			got = append(got, ev.Action+":"+ev.Outcome)
		}
		all := strings.Join(got, ",")
		if !strings.Contains(all, "media.download:success") || !strings.Contains(all, "media.download:denied") {
			t.Fatalf("audit: %s", all)
		}
	})
}

// idleScanner is a configured scanner that has not scanned the fixtures.
type idleScanner struct{}

func (idleScanner) Scan(context.Context, io.Reader) (scan.Verdict, error) { return scan.Verdict{}, nil }
func (idleScanner) Version(context.Context) (string, error)               { return "idle", nil }

// The scan gate as the API applies it and shows it: with a scanner
// configured an unscanned file is refused even where the corp allows
// unscanned files (the demo's corp did, so its files were served while the
// status page said scanning protected them); without one the refusal names
// scanning being off; each file's info says which.
func TestMediaScanGate(t *testing.T) {
	cases := []struct {
		name    string
		scanner bool
		allow   bool
		scan    string
		status  int
		code    string
		serve   string
	}{
		{"scanner on, corp allows unscanned", true, true, "unscanned", 409, "media_unscanned", media.ServeScanWait},
		{"scanner on, clean", true, true, "clean", 200, "", media.ServeOK},
		{"scanner on, infected", true, true, "infected", 403, "media_quarantined", media.ServeBlocked},
		{"scanning off, corp allows", false, true, "unscanned", 200, "", media.ServeUnscanned},
		{"scanning off, corp does not allow", false, false, "unscanned", 409, "media_scanning_off", media.ServeScanOff},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, "sqlite", auth.Options{})
			st := e.b.Store
			storetest.SeedCorp(t, st, mediaCorp, "media")
			bucket, err := local.New(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			d := media.Deps{Store: st, Blob: bucket, Audit: e.rec,
				Corp: func(string) media.CorpSettings { return media.CorpSettings{AllowUnscanned: c.allow} }}
			if c.scanner {
				d.Scanner = idleScanner{}
			}
			e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Status: status.New(st, "test"), Media: media.New(d, media.Options{})})
			e.h = e.srv.Handler()
			id := mediaFixture(t, st, bucket, "m1", "alice", "a.txt", c.scan, []byte("hello"))
			adminID, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
			cookie, csrf := e.session(adminID)
			w := e.do("GET", fmt.Sprintf("/api/v1/media/%d", id), "", withSession(cookie, csrf))
			if w.Code != c.status || errCode(w) != c.code {
				t.Fatalf("file: %d %s, want %d %s", w.Code, errCode(w), c.status, c.code)
			}
			if flagged := w.Header().Get("X-Media-Unscanned") == "1"; flagged != (c.serve == media.ServeUnscanned) {
				t.Fatalf("X-Media-Unscanned %v for %s", flagged, c.serve)
			}
			var v mediaView
			decodeData(t, e.do("GET", fmt.Sprintf("/api/v1/media/%d/info", id), "", withSession(cookie, csrf)), &v)
			if v.Serve != c.serve {
				t.Fatalf("serve %q, want %q", v.Serve, c.serve)
			}
		})
	}
}

// A corp that explicitly allows unscanned viewing gets the file, flagged
// on every response.
func TestMediaUnscannedAllowedIsFlagged(t *testing.T) {
	e := newEnv(t, "sqlite", auth.Options{})
	st := e.b.Store
	storetest.SeedCorp(t, st, mediaCorp, "media")
	bucket, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := media.New(media.Deps{Store: st, Blob: bucket, Audit: e.rec,
		Corp: func(string) media.CorpSettings { return media.CorpSettings{AllowUnscanned: true} }}, media.Options{})
	e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Status: status.New(st, "test"), Media: svc})
	e.h = e.srv.Handler()
	id := mediaFixture(t, st, bucket, "m1", "alice", "a.txt", "unscanned", []byte("hello"))
	adminID, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
	c, x := e.session(adminID)
	w := e.do("GET", fmt.Sprintf("/api/v1/media/%d", id), "", withSession(c, x))
	if w.Code != 200 || w.Header().Get("X-Media-Unscanned") != "1" || w.Body.String() != "hello" {
		t.Fatalf("%d %v %q", w.Code, w.Header(), w.Body.String())
	}
}

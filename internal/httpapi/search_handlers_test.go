package httpapi

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// withReview rebuilds the env's server with the review services and seeds
// two departments' employees, each with messages.
func withReview(t *testing.T, e *env) {
	t.Helper()
	e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: search.New(e.b.Store, e.rec)})
	e.h = e.srv.Handler()
	storetest.SeedCorp(t, e.b.Store, "wwc1", "c1")
	storetest.Exec(t, e.b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
		VALUES ('wwc1', 'e0', '张三', '总部/医学部', 0, 0), ('wwc1', 'e1', '李四', '总部/销售部', 0, 0)`)
	for i := range 30 {
		emp := fmt.Sprintf("e%d", i%2)
		if _, err := e.b.Store.InsertMessage(context.Background(), store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%02d", i),
			Seq: int64(i + 1), MsgType: "text", From: emp, ToList: `["wmhcp"]`, ConversationID: emp + "|wmhcp",
			MsgTime: int64(1_700_000_000_000 + i*1000), Content: fmt.Sprintf("王医生，药物不良反应报告第%d份", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSearchAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		aud, _ := e.admin("aud", auth.Grant{Role: auth.RoleAuditor})
		revS, revC := e.session(rev)
		scS, scC := e.session(scoped)
		auS, auC := e.session(aud)
		q := "/api/v1/messages/search?corp=wwc1&q=" + url.QueryEscape("不良 -会议")

		w := e.do("GET", q+"&limit=10", "", withSession(revS, revC))
		if w.Code != 200 {
			t.Fatalf("search: %d %s", w.Code, w.Body)
		}
		var res search.Result
		decodeData(t, w, &res)
		if len(res.Items) != 10 || res.Total != 30 || !res.TotalExact || res.NextCursor == "" || res.Items[0].MsgID != "m29" {
			t.Fatalf("page 1: %+v", res)
		}
		if !strings.Contains(res.Items[0].Snippet, "<mark>不良</mark>") {
			t.Fatalf("snippet %q", res.Items[0].Snippet)
		}
		w = e.do("GET", q+"&limit=10&cursor="+res.NextCursor, "", withSession(revS, revC))
		var p2 search.Result
		decodeData(t, w, &p2)
		if len(p2.Items) != 10 || p2.Items[0].MsgID != "m19" {
			t.Fatalf("page 2: %+v", p2)
		}
		// A reviewer scoped to 医学部 sees only e0's conversations.
		w = e.do("GET", q+"&limit=100", "", withSession(scS, scC))
		var sc search.Result
		decodeData(t, w, &sc)
		if sc.Total != 15 || len(sc.Items) != 15 {
			t.Fatalf("scoped total %d items %d", sc.Total, len(sc.Items))
		}
		for _, h := range sc.Items {
			if h.From != "e0" {
				t.Fatalf("scoped reviewer saw %s from %s", h.MsgID, h.From)
			}
		}
		for _, tc := range []struct {
			path string
			opt  reqOpt
			code int
		}{
			{"/api/v1/messages/search?corp=wwc1&q=-会议", withSession(revS, revC), 422},
			{"/api/v1/messages/search?corp=wwc1&q=x&limit=999", withSession(revS, revC), 422},
			{"/api/v1/messages/search?corp=wwc1&q=x&cursor=zz", withSession(revS, revC), 422},
			{"/api/v1/messages/search?corp=wwc1&q=x&from=yesterday", withSession(revS, revC), 422},
			{"/api/v1/messages/search?corp=wwc1&q=x", withSession(auS, auC), 403}, // auditors read no content
		} {
			if w := e.do("GET", tc.path, "", tc.opt); w.Code != tc.code {
				t.Errorf("%s: %d %s, want %d", tc.path, w.Code, w.Body, tc.code)
			}
		}
		evs, err := e.b.Store.ListAudit(context.Background(), store.AuditFilter{Action: audit.MessagesSearch, Limit: 10})
		if err != nil || len(evs) != 3 {
			t.Fatalf("search audit events %d %v", len(evs), err)
		}
		if !strings.Contains(evs[0].Metadata, `"q":"不良 -会议"`) {
			t.Fatalf("audit metadata %s", evs[0].Metadata)
		}
	})
}

// TestSearchOrAndFilterOnly: OR finds either term; an operator the
// language lacks is a 422 naming it (never a silent zero); every filter
// works without q (recalled messages listed with no keyword); a bare corp
// with no q nor filter is refused.
func TestSearchOrAndFilterOnly(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		ctx := context.Background()
		for i, c := range []string{"这是超说明书用法", "会议纪要"} {
			if _, err := e.b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("x%d", i), Seq: int64(100 + i),
				MsgType: "text", From: "e0", ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_700_000_100_000, Content: c}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "r1", Seq: 200, MsgType: "revoke",
			From: "e0", ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_700_000_200_000, PreMsgID: "m03"}); err != nil {
			t.Fatal(err)
		}
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		s, c := e.session(rev)
		get := func(query string, want int) search.Result {
			t.Helper()
			w := e.do("GET", "/api/v1/messages/search?corp=wwc1&"+query, "", withSession(s, c))
			if w.Code != want {
				t.Fatalf("%s: %d %s, want %d", query, w.Code, w.Body, want)
			}
			var res search.Result
			if want == 200 {
				decodeData(t, w, &res)
			} else if !strings.Contains(w.Body.String(), "OR") && !strings.Contains(w.Body.String(), "filter") {
				t.Fatalf("%s: error does not say what the language supports: %s", query, w.Body)
			}
			return res
		}
		res := get("q="+url.QueryEscape("超说明书 OR 不良反应")+"&limit=100", 200)
		if res.Total != 31 {
			t.Fatalf("OR total %d, want 31 (30 不良反应 + 1 超说明书)", res.Total)
		}
		if res.Items[0].MsgID != "x0" {
			t.Fatalf("OR newest %s", res.Items[0].MsgID)
		}
		for _, q := range []string{"OR 不良反应", "(不良反应 OR 会议) 药物", "不良反应 NOT 会议"} {
			get("q="+url.QueryEscape(q), 422)
		}
		res = get("recalled=true", 200)
		if len(res.Items) != 1 || res.Items[0].MsgID != "m03" || res.Total != 1 || !res.TotalExact {
			t.Fatalf("recalled without q: %+v", res)
		}
		res = get("employee=e1&limit=5", 200)
		if len(res.Items) != 5 || res.NextCursor == "" || res.Total != 15 || !res.TotalExact {
			t.Fatalf("employee without q: %d items total %d exact %v", len(res.Items), res.Total, res.TotalExact)
		}
		get("q=", 422)
	})
}

package httpapi

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom/callback"
)

func TestCallbackAndContactsRoutes(t *testing.T) {
	t.Parallel()
	const aes = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, "wwc", "main")
	svc, err := contacts.New(contacts.Deps{Store: b.Store}, []contacts.CorpKeys{{Key: "main", CorpID: "wwc", Token: "tok", AESKey: aes}},
		contacts.Options{MaxBody: 2048})
	if err != nil {
		t.Fatal(err)
	}
	authn := tokenAuth{
		"admin":    {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
		"reviewer": {Name: "r", Grants: []auth.Grant{{Role: auth.RoleReviewer}}},
		"otherco":  {Name: "o", Grants: []auth.Grant{{Role: auth.RoleAdmin, CorpID: "wwother"}}},
		"onco":     {Name: "n", Grants: []auth.Grant{{Role: auth.RoleReviewer, CorpID: "wwc", Departments: []string{"总部/肿瘤事业部"}}}},
	}
	h := New(Deps{Auth: authn, Contacts: svc}).Handler()
	// Scope: wmshared follows an oncology and a cardiology rep, wmcardio only the latter.
	for _, e := range []store.Employee{
		{CorpID: "wwc", EmployeeID: "E1", UserID: "onc.rep", DepartmentPath: "总部/肿瘤事业部", HRStatus: "active"},
		{CorpID: "wwc", EmployeeID: "E2", UserID: "cv.rep", DepartmentPath: "总部/心血管事业部", HRStatus: "active"},
	} {
		if err := b.Store.UpsertEmployee(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	storetest.Exec(t, b.Store, `INSERT INTO external_contacts (corp_id, external_userid, name, created_at, updated_at) VALUES
		('wwc', 'wmshared', 'Shared', 1, 1), ('wwc', 'wmcardio', 'Cardio', 1, 1)`)
	storetest.Exec(t, b.Store, `INSERT INTO follow_relations (corp_id, userid, external_userid, state, remark, updated_at) VALUES
		('wwc', 'onc.rep', 'wmshared', 'active', 'onc-remark', 1), ('wwc', 'cv.rep', 'wmshared', 'active', 'cv-remark', 1),
		('wwc', 'cv.rep', 'wmcardio', 'active', 'cv-remark', 1)`)
	cr, _ := callback.New("tok", aes, "wwc")
	ev, _ := callback.MarshalExternalContact(callback.ExternalContactChange{Header: callback.Header{ToUserName: "wwc", CreateTime: 5,
		ChangeType: callback.ChangeAddExternalContact}, UserID: "u1", ExternalUserID: "wm1"})
	now := strconv.FormatInt(time.Now().Unix(), 10) // callbacks must be fresh
	sealed, _ := cr.Seal(ev, "1", now, "n1")
	post := "/wecom/callback/main?" + url.Values{"msg_signature": {sealed.Signature}, "timestamp": {now}, "nonce": {"n1"}}.Encode()
	echo, _ := cr.Encrypt([]byte("hello"))
	verify := "/wecom/callback/main?" + url.Values{"msg_signature": {cr.Signature("1", "2", echo)}, "timestamp": {"1"}, "nonce": {"2"}, "echostr": {echo}}.Encode()
	cases := []struct {
		method, path, token, body string
		status                    int
		want                      string
	}{
		{"GET", verify, "", "", 200, "hello"},
		{"POST", post, "", string(sealed.Body), 200, "success"},
		{"POST", post, "", string(sealed.Body), 200, "success"}, // WeCom retry: de-duplicated
		{"POST", strings.Replace(post, "n1", "n2", 1), "", string(sealed.Body), 403, "callback_bad_signature"},
		{"POST", post, "", "<xml><Encrypt>", 400, "callback_malformed"},
		{"POST", post, "", strings.Repeat("x", 4096), 413, "body_too_large"},
		{"POST", "/wecom/callback/other", "", "", 404, "unknown_corp"},
		{"GET", "/api/v1/contacts?corp=wwc", "reviewer", "", 200, `"items"`},
		{"GET", "/api/v1/contacts", "reviewer", "", 400, "corp is required"},
		{"GET", "/api/v1/contacts?corp=wwc", "otherco", "", 403, "forbidden"},
		{"POST", "/api/v1/transfers", "otherco", `{"corp_id":"wwc","kind":"onjob","handover_userid":"a","takeover_userid":"b","external_userids":["wm1"]}`, 403, "forbidden"},
		{"GET", "/api/v1/contacts/groups?corp=wwc", "reviewer", "", 200, `"items"`},
		{"POST", "/api/v1/transfers", "reviewer", `{}`, 403, "forbidden"},
		{"POST", "/api/v1/transfers", "admin", `{"corp_id":"wwc","kind":"onjob","handover_userid":"a","takeover_userid":"a","external_userids":["wm1"]}`, 422, "same employee"},
		{"GET", "/api/v1/transfers?corp=wwc", "reviewer", "", 200, `"items"`},
		{"POST", "/api/v1/welcome-templates", "reviewer", `{}`, 403, "forbidden"},
		{"POST", "/api/v1/welcome-templates", "admin", `{"corp_id":"wwc","name":"d","text":"您好","enabled":true}`, 201, `"id":1`},
		{"GET", "/api/v1/welcome-templates?corp=wwc", "reviewer", "", 200, "您好"},
		{"GET", "/api/v1/welcome-sends?corp=wwc", "admin", "", 200, `"p99_ms"`},
		{"GET", "/api/v1/welcome-sends", "otherco", "", 403, "forbidden"},
		{"GET", "/api/v1/transfers?corp=wwother", "otherco", "", 200, `"items"`},
		{"GET", "/api/v1/contacts/wmcardio?corp=wwc", "onco", "", 404, "not_found"},
		{"GET", "/api/v1/contacts/wmcardio?corp=wwc", "reviewer", "", 200, "cv-remark"},
		{"GET", "/api/v1/contacts/wmshared?corp=wwc", "onco", "", 200, "onc-remark"},
		{"GET", "/api/v1/contacts/wmnone?corp=wwc", "onco", "", 404, "not_found"},
	}
	for _, c := range cases {
		notWant := ""
		if c.token == "onco" && strings.Contains(c.path, "wmshared") {
			notWant = "cv-remark" // the out-of-scope employee's relation is left out
		}
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.want) || (notWant != "" && strings.Contains(rec.Body.String(), notWant)) {
			t.Errorf("%s %s: %d %s", c.method, c.path, rec.Code, rec.Body.String())
		}
	}
}

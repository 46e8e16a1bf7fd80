package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store/storetest"
)

// The real accounts service over a fresh store, without a WeCom client:
// enough for corps, settings, refused imports, the TFA page's refusals and
// WW_verify. Flows that call WeCom are covered in package accounts.
func accountsServer(t *testing.T) http.Handler {
	t.Helper()
	return accountsServerWith(t, func(*Deps) {})
}

// accountsServerWith is accountsServer with its Deps changed by edit.
func accountsServerWith(t *testing.T, edit func(*Deps)) http.Handler {
	t.Helper()
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, "wwmain", "main")
	box, err := secretbox.New(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")))
	if err != nil {
		t.Fatal(err)
	}
	svc := &accounts.Service{Store: b.Store, SealSecret: box.Seal,
		WeComFor: func(context.Context, string) (accounts.WeCom, error) { return nil, errors.New("no wecom in this test") }}
	authn := tokenAuth{
		"admin":    {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
		"manager":  {Name: "m", Grants: []auth.Grant{{Role: auth.RoleAccountManager}}},
		"reviewer": {Name: "r", Grants: []auth.Grant{{Role: auth.RoleReviewer}}},
	}
	d := Deps{Auth: authn, Accounts: svc}
	edit(&d)
	return New(d).Handler()
}

// TestTFACookiesSecureBehindProxy: with an https base_url (CookieSecure) the
// TFA page's cookies are Secure even when TLS ends at a proxy (r.TLS nil),
// as the session cookie is; they used to look at r.TLS alone.
func TestTFACookiesSecureBehindProxy(t *testing.T) {
	h := accountsServerWith(t, func(d *Deps) { d.CookieSecure = true })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/wecom/tfa?code=abc&lang=en", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) == 0 {
		t.Fatalf("no cookies set: %d %s", rec.Code, rec.Body)
	}
	for _, c := range cookies {
		if !c.Secure {
			t.Errorf("cookie %s is not Secure", c.Name)
		}
	}
}

const badHR = "employee_id,name,email,mobile,department,title,status,archive_licence\nE1,张三,a.b@x.example,12,总部,t,active,no\n"

func TestAccountsAPI(t *testing.T) {
	t.Parallel()
	h := accountsServer(t)
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "hr.csv")
	_, _ = fw.Write([]byte(badHR))
	_ = mw.WriteField("corp", "main")
	_ = mw.Close()
	pemJSON := jsonString(t, testKeyPEM(t))
	corp := func(i int) string {
		return fmt.Sprintf(`{"corp_id":"wwcorp%d","key":"c%d","name":"C","base_url":"https://qyapi.weixin.qq.com","agent_id":1000002,
			"secrets":{"contacts":"TOPSECRET-%d"},"callback":{"token":"tok","aes_key":"aes"},"archive_keys":[{"version":2,"private_key":%s}]}`, i, i, i, pemJSON)
	}
	cases := []struct {
		name, method, path, token, ctype, body string
		status                                 int
		want, notWant                          string
	}{
		{"corps list", "GET", "/api/v1/corps", "manager", "", "", 200, `"secrets":{"app":"unset","archive":"unset","contacts":"unset"`, ""},
		{"reviewer cannot add a corp", "POST", "/api/v1/corps", "reviewer", "application/json", corp(1), 403, "forbidden", ""},
		{"add corp", "POST", "/api/v1/corps", "admin", "application/json", corp(1), 201, `"contacts":"set"`, "TOPSECRET"},
		{"secret is write-only", "GET", "/api/v1/corps", "admin", "", "", 200, `"archive_keys":[2]`, "TOPSECRET"},
		{"callback set", "GET", "/api/v1/corps", "admin", "", "", 200, `"callback":"set"`, "tok"},
		{"add again", "POST", "/api/v1/corps", "admin", "application/json", corp(1), 409, "conflict", ""},
		{"corp 3", "POST", "/api/v1/corps", "admin", "application/json", corp(3), 201, "", ""},
		{"corp 4", "POST", "/api/v1/corps", "admin", "application/json", corp(4), 201, "", ""},
		{"corp 5", "POST", "/api/v1/corps", "admin", "application/json", corp(5), 201, "", ""},
		{"sixth corp refused", "POST", "/api/v1/corps", "admin", "application/json", corp(6), 409, `"code":"too_many_corps"`, ""},
		{"update unknown", "PUT", "/api/v1/corps", "admin", "application/json", corp(7), 404, "not_found", ""},
		{"update", "PUT", "/api/v1/corps", "admin", "application/json", corp(1), 200, "", ""},
		{"bad corp", "POST", "/api/v1/corps", "admin", "application/json", `{"corp_id":"x y","key":"k","base_url":"ftp://x"}`, 422, "validation_failed", ""},
		{"refused CSV", "POST", "/api/v1/hr/imports?corp=main", "manager", "text/csv", badHR, 422, `"code":"hr_file_refused"`, ""},
		{"refused multipart", "POST", "/api/v1/hr/imports", "manager", mw.FormDataContentType(), mp.String(), 422, `"column":"mobile","code":"bad_mobile"`, ""},
		{"reviewer cannot import", "POST", "/api/v1/hr/imports?corp=main", "reviewer", "text/csv", badHR, 403, "", ""},
		{"import progress", "GET", "/api/v1/hr/imports/1", "manager", "", "", 200, `"state":"refused"`, ""},
		{"apply needs confirm", "POST", "/api/v1/hr/imports/1/apply", "manager", "application/json", `{"confirm":2}`, 400, "confirmation_required", ""},
		{"apply refused run", "POST", "/api/v1/hr/imports/1/apply", "manager", "application/json", `{"confirm":1}`, 409, "conflict", ""},
		{"override of a row refusal", "POST", "/api/v1/hr/imports/1/override-removals", "admin", "application/json", `{"reason":"HR confirmed"}`, 422, "not refused by the removal limit", ""},
		{"reviewer cannot override", "POST", "/api/v1/hr/imports/1/override-removals", "reviewer", "application/json", `{"reason":"x"}`, 403, "", ""},
		{"bad secret names the field", "POST", "/api/v1/corps", "admin", "application/json", `{"corp_id":"wwbad","key":"bad","base_url":"https://qyapi.weixin.qq.com","secrets":{"app":"abc def 密钥"}}`, 422, `"details":{"field":"secrets.app","code":"bad_secret"`, "密钥"},
		{"zero-byte HR file refused", "POST", "/api/v1/hr/imports?corp=main", "manager", "text/csv", "", 422, `"refuse_code":"empty_file"`, ""},
		{"header-only HR file refused", "POST", "/api/v1/hr/imports?corp=main", "manager", "text/csv", "employee_id,name,email,mobile,department,title,status,archive_licence\n", 422, `"refuse_code":"empty_file"`, ""},
		{"employees", "GET", "/api/v1/employees?corp=main&status=active", "manager", "", "", 200, `"items":[]`, ""},
		{"employees by corp id", "GET", "/api/v1/employees?corp=wwmain&status=active", "manager", "", "", 200, `"items":[]`, ""},
		{"employees unknown corp", "GET", "/api/v1/employees?corp=wwnope", "manager", "", "", 404, "not_found", ""},
		{"refused CSV by corp id", "POST", "/api/v1/hr/imports?corp=wwmain", "manager", "text/csv", badHR, 422, `"code":"hr_file_refused"`, ""},
		{"settings by corp id", "GET", "/api/v1/corps/wwmain/accounts-settings", "manager", "", "", 200, `"licence_quota"`, ""},
		{"licences by corp id", "GET", "/api/v1/licences?corp=wwmain", "manager", "", "", 200, `"key":"main"`, ""},
		{"employees bad filter", "GET", "/api/v1/employees?real_name=maybe", "manager", "", "", 422, "real_name", ""},
		{"employee missing", "GET", "/api/v1/employees/99", "manager", "", "", 404, "", ""},
		{"settings", "PUT", "/api/v1/corps/main/accounts-settings", "admin", "application/json", `{"sync":{"userid_rule":{"source":"local"},"leaver_grace_days":14,"removed_policy":"disable","threshold":{"count":3}},"licence_quota":100,"ww_verify":{"code":"AbC123","content":"verify-me"}}`, 200, "", ""},
		{"settings refused for manager", "PUT", "/api/v1/corps/main/accounts-settings", "manager", "application/json", `{}`, 403, "", ""},
		{"bad settings", "PUT", "/api/v1/corps/main/accounts-settings", "admin", "application/json", `{"sync":{"removed_policy":"shred"}}`, 422, "removed_policy", ""},
		{"WW_verify file", "GET", "/WW_verify_AbC123.txt", "", "", "", 200, "verify-me", ""},
		{"unknown WW_verify", "GET", "/WW_verify_nope.txt", "", "", "", 404, "", ""},
		{"TFA bad code", "GET", "/wecom/tfa?code=abc", "", "", "", 410, "验证链接无效", ""},
		{"TFA no session", "POST", "/wecom/tfa", "", "application/x-www-form-urlencoded", "session=x&csrf=y&otp=123456", 410, "5 分钟", ""},
		{"TFA English", "GET", "/wecom/tfa?code=abc&lang=en", "", "", "", 410, "verification link is invalid", ""},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != c.status || !strings.Contains(body, c.want) || (c.notWant != "" && strings.Contains(body, c.notWant)) {
			t.Errorf("%s: %s %s: %d %s", c.name, c.method, c.path, rec.Code, body)
		}
	}
}

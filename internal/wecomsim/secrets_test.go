package wecomsim

import (
	"net/url"
	"testing"
	"time"
)

// apiAs calls an endpoint with a token made from secret.
func (h *harness) apiAs(secret, path string, q url.Values, body any) map[string]any {
	h.t.Helper()
	_, r := h.do("GET", "/cgi-bin/gettoken", url.Values{"corpid": {"wwsimcorp0000001"}, "corpsecret": {secret}}, nil)
	tok, _ := r["access_token"].(string)
	if tok == "" {
		h.t.Fatalf("gettoken %s: %v", secret, r)
	}
	if q == nil {
		q = url.Values{}
	}
	q.Set("access_token", tok)
	method := "POST"
	if body == nil {
		method = "GET"
	}
	_, r = h.do(method, "/cgi-bin/"+path, q, body)
	return r
}

func kindSecrets() map[string]SecretProfile {
	return map[string]SecretProfile{
		"sync-new":   {Kind: KindContacts},
		"sync-old":   {Kind: KindContacts, LegacyIP: true},
		"app-new":    {Kind: KindApp, AppCreated: time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)},
		"app-old":    {Kind: KindApp, AppCreated: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)},
		"app-nodate": {Kind: KindApp},
		"archive":    {Kind: KindArchive},
		"customer":   {Kind: KindCustomerContact},
	}
}

// TestSecretKindsMemberReads holds the simulator to Tencent's 2022 rules:
// what user/get answers depends on the secret behind the token.
func TestSecretKindsMemberReads(t *testing.T) {
	t.Parallel()
	cases := []struct {
		secret     string
		legacy     bool
		wantCode   int
		wantMobile bool
	}{
		{"sim", false, 0, false},
		{"sim", true, 0, true},
		{"sync-new", false, 48009, false},
		{"sync-new", true, 0, true},
		{"sync-old", false, 0, true},
		{"app-new", false, 0, false},
		{"app-new", true, 0, true},
		{"app-old", false, 0, true},
		{"app-nodate", false, 0, false},
		{"archive", false, 0, false},
		{"archive", true, 0, false},
		{"customer", false, 0, false},
		{"wrong", false, 40001, false},
	}
	for _, c := range cases {
		h := newHarness(t, Options{Secrets: kindSecrets(), LegacyAppFields: c.legacy})
		u := pickUser(t, h.s, func(u User) bool { return u.Mobile != "" && u.Email != "" })
		if c.wantCode == 40001 {
			_, r := h.do("GET", "/cgi-bin/gettoken", url.Values{"corpid": {"wwsimcorp0000001"}, "corpsecret": {c.secret}}, nil)
			expect(t, r, 40001)
			continue
		}
		for _, path := range []string{"user/get", "user/list"} {
			r := h.apiAs(c.secret, path, q("userid", u.UserID, "department_id", "1", "fetch_child", "1"), nil)
			if errcode(r) != c.wantCode {
				t.Fatalf("%s legacy=%v %s: errcode %d want %d (%v)", c.secret, c.legacy, path, errcode(r), c.wantCode, r)
			}
			if c.wantCode != 0 {
				continue
			}
			m := r
			if path == "user/list" {
				m = findListed(t, r, u.UserID)
			}
			for _, f := range sensitiveFields {
				if _, has := m[f]; has != c.wantMobile {
					t.Fatalf("%s legacy=%v %s: field %s present=%v want %v", c.secret, c.legacy, path, f, has, c.wantMobile)
				}
			}
			if c.wantMobile && (m["mobile"] != u.Mobile || m["email"] != u.Email) {
				t.Fatalf("%s %s: mobile %v email %v, want %s %s", c.secret, path, m["mobile"], m["email"], u.Mobile, u.Email)
			}
			if m["name"] != u.Name || m["userid"] != u.UserID {
				t.Fatalf("%s %s: %v", c.secret, path, m)
			}
		}
	}
}

func findListed(t *testing.T, r map[string]any, uid string) map[string]any {
	t.Helper()
	l, _ := r["userlist"].([]any)
	for _, x := range l {
		if m, _ := x.(map[string]any); m["userid"] == uid {
			return m
		}
	}
	t.Fatalf("user/list has no %s", uid)
	return nil
}

// TestSecretKindsLookupsAndWrites: the replacements Tencent points to
// (list_id, getuserid, get_userid_by_email) work with the sync secret
// from a new IP; writes need the sync secret.
func TestSecretKindsLookupsAndWrites(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Secrets: kindSecrets()})
	u := pickUser(t, h.s, func(u User) bool { return u.Mobile != "" && u.Email != "" && !u.Creator })
	cases := []struct {
		secret, path string
		q            url.Values
		body         any
		want         int
	}{
		{"sync-new", "user/list_id", nil, map[string]any{"limit": 10}, 0},
		{"sim", "user/list_id", nil, map[string]any{"limit": 10}, 0},
		{"app-new", "user/list_id", nil, map[string]any{"limit": 10}, 48002},
		{"sync-new", "user/getuserid", nil, map[string]any{"mobile": u.Mobile}, 0},
		{"app-new", "user/getuserid", nil, map[string]any{"mobile": u.Mobile}, 0},
		{"app-new", "user/get_userid_by_email", nil, map[string]any{"email": u.Email}, 0},
		{"sync-new", "user/get_userid_by_email", nil, map[string]any{"email": u.Email}, 0},
		{"sync-new", "user/simplelist", q("department_id", "1"), nil, 48009},
		{"sync-new", "department/list", nil, nil, 48009},
		{"sync-new", "department/simplelist", nil, nil, 0},
		{"app-new", "user/update", nil, map[string]any{"userid": u.UserID, "position": "x"}, 48002},
		{"archive", "user/delete", q("userid", u.UserID), nil, 48002},
		{"sync-new", "user/update", nil, map[string]any{"userid": u.UserID, "position": "x"}, 0},
	}
	for _, c := range cases {
		r := h.apiAs(c.secret, c.path, c.q, c.body)
		if errcode(r) != c.want {
			t.Errorf("%s %s: errcode %d want %d (%v)", c.secret, c.path, errcode(r), c.want, r)
		}
		if c.want == 0 && (c.path == "user/getuserid" || c.path == "user/get_userid_by_email") && r["userid"] != u.UserID {
			t.Errorf("%s %s: userid %v want %s", c.secret, c.path, r["userid"], u.UserID)
		}
	}
}

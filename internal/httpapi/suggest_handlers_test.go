package httpapi

import (
	"net/url"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

func TestReviewNamesAPI(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e) // 张三 e0 in 医学部, 李四 e1 in 销售部
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		aud, _ := e.admin("aud", auth.Grant{Role: auth.RoleAuditor})
		revS, revC := e.session(rev)
		scS, scC := e.session(scoped)
		auS, auC := e.session(aud)
		base := "/api/v1/review/names?corp=wwc1&kind=employee&q="
		for _, tc := range []struct {
			name, path string
			opt        reqOpt
			status     int
			ids        string
		}{
			{"reviewer finds by Chinese name", base + url.QueryEscape("四"), withSession(revS, revC), 200, "e1"},
			{"reviewer finds by id prefix", base + "e", withSession(revS, revC), 200, "e0,e1"},
			{"scoped reviewer sees only their departments", base + "e", withSession(scS, scC), 200, "e0"},
			{"auditor may not read messages", base + "e", withSession(auS, auC), 403, ""},
			{"empty q refused", base, withSession(revS, revC), 422, ""},
			{"overlong q refused", base + strings.Repeat("张", 65), withSession(revS, revC), 422, ""},
			{"unknown kind refused", "/api/v1/review/names?corp=wwc1&kind=planet&q=e", withSession(revS, revC), 422, ""},
			{"corp required", "/api/v1/review/names?kind=employee&q=e", withSession(revS, revC), 422, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := e.do("GET", tc.path, "", tc.opt)
				if w.Code != tc.status {
					t.Fatalf("%d %s", w.Code, w.Body)
				}
				if tc.status != 200 {
					return
				}
				var res struct{ Items []store.Suggestion }
				decodeData(t, w, &res)
				var ids []string
				for _, s := range res.Items {
					ids = append(ids, s.ID)
				}
				if strings.Join(ids, ",") != tc.ids {
					t.Fatalf("ids %v, want %s", ids, tc.ids)
				}
			})
		}
	})
}

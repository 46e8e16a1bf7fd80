package httpapi

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// corpAudit remembers the accounts service's audit entries.
type corpAudit struct {
	mu sync.Mutex
	ev []string
}

func (a *corpAudit) Record(_ context.Context, e audit.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e.Outcome == "" {
		e.Outcome = audit.Success // as the recorder does
	}
	a.ev = append(a.ev, e.Action+":"+e.Target+":"+e.Outcome+":"+e.Reason)
	return nil
}

func (a *corpAudit) all() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Join(a.ev, "\n")
}

// Deleting a corp: only with its name typed, never a config corp, refused
// with the reason (the counts) while it has messages, employees, contacts
// or an active legal hold; the deletion and each refusal are audited, and a
// deleted corp's secrets and settings go with it.
func TestDeleteCorp(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		b := storetest.Open(t, kind)
		st := b.Store
		ctx := context.Background()
		for _, c := range []store.Corp{
			{CorpID: "wwempty", Key: "empty", Name: "空企业", BaseURL: "https://qyapi.weixin.qq.com", Source: "ui"},
			{CorpID: "wwmsgs", Key: "msgs", Name: "有消息", BaseURL: "https://qyapi.weixin.qq.com", Source: "ui"},
			{CorpID: "wwpeople", Key: "people", Name: "有员工", BaseURL: "https://qyapi.weixin.qq.com", Source: "ui"},
			{CorpID: "wwhold", Key: "hold", Name: "有保全", BaseURL: "https://qyapi.weixin.qq.com", Source: "ui"},
			{CorpID: "wwconf", Key: "conf", Name: "配置企业", BaseURL: "https://qyapi.weixin.qq.com", Source: "config"},
		} {
			if err := st.UpsertCorp(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.SetCorpSecret(ctx, "wwempty", "app", "sealed"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetArchiveStatus(ctx, "wwempty", "wrong_secret", "40001", false); err != nil {
			t.Fatal(err)
		}
		storetest.Exec(t, st,
			`INSERT INTO messages (corp_id, msgid, seq, action, msgtype, from_id, tolist, msgtime, content, raw, created_at) VALUES ('wwmsgs', 'm1', 1, 'send', 'text', 'u1', '[]', 1, 'hi', '{}', 0)`,
			`INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at) VALUES ('wwpeople', 'alice', 'Alice', '总部', 0, 0)`,
			`INSERT INTO legal_holds (corp_id, matter, state, created_at, updated_at) VALUES ('wwhold', 'M-1', 'active', 0, 0)`)
		au := &corpAudit{}
		h := New(Deps{Auth: tokenAuth{
			"admin":    {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
			"reviewer": {Name: "r", Grants: []auth.Grant{{Role: auth.RoleReviewer}}},
		}, Accounts: &accounts.Service{Store: st, Audit: au}}).Handler()
		cases := []struct {
			name, token, key, body string
			status                 int
			want                   string
		}{
			{"reviewer may not", "reviewer", "empty", `{"confirm":"空企业"}`, 403, "forbidden"},
			{"name not typed", "admin", "empty", `{}`, 400, `"code":"corp_name_mismatch"`},
			{"key is not the name", "admin", "empty", `{"confirm":"empty"}`, 400, `"code":"corp_name_mismatch"`},
			{"messages keep it", "admin", "msgs", `{"confirm":"有消息"}`, 409, `"details":{"messages":1,"employees":0,"contacts":0,"legal_holds":0}`},
			{"employees keep it", "admin", "people", `{"confirm":"有员工"}`, 409, `"employees":1`},
			{"a hold keeps it", "admin", "hold", `{"confirm":"有保全"}`, 409, `"legal_holds":1`},
			{"config corp", "admin", "conf", `{"confirm":"配置企业"}`, 409, `"code":"corp_in_config"`},
			{"deleted", "admin", "empty", `{"confirm":"空企业"}`, 200, `"deleted":"empty"`},
			{"gone", "admin", "empty", `{"confirm":"空企业"}`, 404, "not_found"},
		}
		for _, c := range cases {
			req := httptest.NewRequest("DELETE", "/api/v1/corps/"+c.key, strings.NewReader(c.body))
			req.Header.Set("Authorization", "Bearer "+c.token)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("%s: %d %s", c.name, rec.Code, rec.Body.String())
			}
		}
		corps, err := st.ListCorps(ctx)
		if err != nil || len(corps) != 4 {
			t.Fatalf("corps left %d: %v", len(corps), err)
		}
		if kinds, err := st.CorpSecretKinds(ctx, "wwempty"); err != nil || len(kinds) != 0 {
			t.Fatalf("secrets left %v %v", kinds, err)
		}
		got := au.all()
		for _, w := range []string{"corp.delete:wwempty:success:", "corp.delete:wwmsgs:denied:store: corp has data: 1 messages",
			"corp.delete:wwhold:denied:", "corp.delete:wwconf:denied:"} {
			if !strings.Contains(got, w) {
				t.Errorf("audit has no %q:\n%s", w, got)
			}
		}
	})
}

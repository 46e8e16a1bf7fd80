package httpapi

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestTagFilterRetryAndTransferStream: ?tag= filters the contacts list on
// the server, /contacts/tags lists every tag, a retry resubmits only the
// failed customer, and a finished handover streams once and ends.
func TestTagFilterRetryAndTransferStream(t *testing.T) {
	t.Parallel()
	const aes = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, "wwc", "main")
	svc, err := contacts.New(contacts.Deps{Store: b.Store}, []contacts.CorpKeys{{Key: "main", CorpID: "wwc", Token: "tok", AESKey: aes}}, contacts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := New(Deps{Auth: tokenAuth{
		"admin":    {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
		"reviewer": {Name: "r", Grants: []auth.Grant{{Role: auth.RoleReviewer}}},
	}, Contacts: svc}).Handler()
	storetest.Exec(t, b.Store, `INSERT INTO follow_relations (corp_id, userid, external_userid, state, state_tag, updated_at) VALUES
		('wwc', 'rep', 'wm1', 'active', 'expo', 1), ('wwc', 'rep', 'wm2', 'active', 'web', 1), ('wwc', 'rep', 'wm3', 'active', 'expo', 1)`)

	items := []store.TransferItem{{ItemKind: "customer", TargetID: "wm1"}, {ItemKind: "customer", TargetID: "wm2"}}
	open, err := b.Store.CreateTransfer(ctx, store.Transfer{CorpID: "wwc", Kind: "onjob", HandoverUserID: "rep", TakeoverUserID: "bob", State: "running"}, items)
	if err != nil {
		t.Fatal(err)
	}
	done, err := b.Store.CreateTransfer(ctx, store.Transfer{CorpID: "wwc", Kind: "onjob", HandoverUserID: "rep", TakeoverUserID: "eve", State: "running"}, items[:1])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{open, done} {
		its, _ := b.Store.TransferItems(ctx, id)
		for _, it := range its {
			it.Status = contacts.ItemAccepted
			if it.TargetID == "wm2" {
				it.Status, it.ErrCode = contacts.ItemFailed, 41054
			}
			if err := b.Store.UpdateTransferItem(ctx, it); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := b.Store.SetTransferState(ctx, done, "done"); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		method, path, token string
		status              int
		want, notWant       string
	}{
		{"GET", "/api/v1/contacts?corp=wwc&tag=expo", "reviewer", 200, `"wm3"`, `"wm2"`},
		{"GET", "/api/v1/contacts/tags?corp=wwc", "reviewer", 200, `[{"tag":"expo","count":2},{"tag":"web","count":1}]`, ""},
		{"POST", fmt.Sprintf("/api/v1/transfers/%d/retry", open), "reviewer", 403, "forbidden", ""},
		{"POST", fmt.Sprintf("/api/v1/transfers/%d/retry", open), "admin", 200, `"resubmitted":["wm2"]`, ""},
		{"POST", fmt.Sprintf("/api/v1/transfers/%d/retry", open), "admin", 422, "no failed customer", ""},
		{"POST", "/api/v1/transfers/999/retry", "admin", 404, "not_found", ""},
		{"GET", fmt.Sprintf("/api/v1/transfers/%d/events", done), "reviewer", 200, "event: transfer\ndata: {", ""},
		{"GET", fmt.Sprintf("/api/v1/transfers/%d/events", done), "reviewer", 200, "event: end", ""},
		{"GET", "/api/v1/transfers/999/events", "reviewer", 404, "not_found", ""},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.path, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != c.status || !strings.Contains(body, c.want) || (c.notWant != "" && strings.Contains(body, c.notWant)) {
			t.Errorf("%s %s: %d %s", c.method, c.path, rec.Code, body)
		}
	}
}

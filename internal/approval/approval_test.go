package approval_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func as(id int64, name string, g ...auth.Grant) context.Context {
	return auth.WithPrincipal(context.Background(), auth.Principal{ID: id, Name: name, Kind: auth.KindAdmin, Grants: g})
}

func TestTwoPersonRule(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		rec := audit.New(b.Store, nil, nil)
		svc := approval.New(b.Store, rec)
		onc := auth.Grant{Role: auth.RoleReviewer, CorpID: "ww1", Departments: []string{"总部/医学部/肿瘤事业部"}}
		alice := as(1, "alice", onc)
		bob := as(2, "bob", onc)
		sales := as(3, "sally", auth.Grant{Role: auth.RoleReviewer, CorpID: "ww1", Departments: []string{"总部/销售部"}})
		aud := as(4, "audrey", auth.Grant{Role: auth.RoleAuditor})

		if _, err := svc.Request(alice, approval.Request{CorpID: "ww1", Kind: "conversations.csv"}); !errors.Is(err, auth.ErrForbidden) {
			t.Fatalf("scoped reviewer exports the whole corp: %v", err)
		}
		req, err := svc.Request(alice, approval.Request{CorpID: "ww1", Kind: "conversations.csv",
			Params: map[string]any{"q": "回扣"}, Departments: []string{"总部/医学部/肿瘤事业部/北京"}, Reason: "case 17"})
		if err != nil || req.State != "pending" {
			t.Fatalf("request: %+v %v", req, err)
		}
		if _, err := svc.Approved(alice, req.ID); !errors.Is(err, approval.ErrNotApproved) {
			t.Fatalf("pending counts as approved: %v", err)
		}
		for name, ctx := range map[string]context.Context{"requester": alice, "other department": sales, "auditor": aud} {
			if _, err := svc.Decide(ctx, req.ID, true, "ok"); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s approved: %v", name, err)
			}
		}
		got, err := svc.Decide(bob, req.ID, true, "looks fine")
		if err != nil || got.State != "approved" || got.DecidedBy != "bob" {
			t.Fatalf("bob approves: %+v %v", got, err)
		}
		if _, err := svc.Decide(bob, req.ID, false, "changed my mind"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second decision: %v", err)
		}
		if _, err := svc.Approved(alice, req.ID); err != nil {
			t.Fatalf("approved: %v", err)
		}
		es, _, _ := rec.List(context.Background(), audit.Filter{Action: "export."})
		var got2 []string
		for _, e := range es {
			got2 = append(got2, e.Actor+":"+e.Action+":"+e.Outcome)
		}
		want := "bob:export.approve:success audrey:export.approve:denied sally:export.approve:denied alice:export.approve:denied alice:export.request:success"
		if len(got2) != 5 || got2[0] != "bob:export.approve:success" || got2[4] != "alice:export.request:success" {
			t.Fatalf("audit = %v; want like %s", got2, want)
		}
		if !approval.Required(`{"export_approval":true}`) || approval.Required(`{}`) {
			t.Fatal("Required")
		}
	})
}

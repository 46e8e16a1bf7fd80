package approval_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store/storetest"
)

// TestNoSelfApprovalThroughTokens: a token is bound to its maker, so an
// admin cannot approve their own export with a token they made, nor
// approve what their token requested; another person still can (finding 7).
func TestNoSelfApprovalThroughTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		rec := audit.New(b.Store, nil, nil)
		svc := approval.New(b.Store, rec)
		authSvc, err := auth.NewService(b.Store, rec, nil, auth.Options{})
		if err != nil {
			t.Fatal(err)
		}
		g := auth.Grant{Role: auth.RoleReviewer, CorpID: "ww1"}
		alice := as(1, "alice", g)
		raw, _, err := authSvc.CreateToken(alice, auth.TokenSpec{Name: "alice-bot", Role: auth.RoleReviewer, CorpID: "ww1"})
		if err != nil {
			t.Fatal(err)
		}
		tp, err := authSvc.TokenPrincipal(context.Background(), raw)
		if err != nil {
			t.Fatal(err)
		}
		bot := auth.WithPrincipal(context.Background(), tp)
		req, err := svc.Request(alice, approval.Request{CorpID: "ww1", Kind: "conversations.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Decide(bot, req.ID, true, "me again"); !errors.Is(err, approval.ErrSelfApproval) {
			t.Errorf("alice's token approved alice's export: %v", err)
		}
		byBot, err := svc.Request(bot, approval.Request{CorpID: "ww1", Kind: "conversations.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Decide(alice, byBot.ID, true, "my bot"); !errors.Is(err, approval.ErrSelfApproval) {
			t.Errorf("alice approved her token's export: %v", err)
		}
		if _, err := svc.Decide(as(2, "bob", g), byBot.ID, true, "ok"); err != nil {
			t.Errorf("bob approves: %v", err)
		}
	})
}

package monitor

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestFourEyesComparesPrincipals: the second person is told apart by
// principal kind and id, never by name. Tokens and admins share id
// numbers, names repeat, and a token acts for the person who made it.
func TestFourEyesComparesPrincipals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		ctx := context.Background()
		rev := auth.Grant{Role: auth.RoleReviewer}
		token := func(name, ownerKind string, ownerID int64) context.Context {
			tk, err := b.Store.CreateAPIToken(ctx, store.APIToken{Name: name, TokenHash: "h-" + name, Prefix: name, Role: string(auth.RoleReviewer),
				CreatedBy: name, CreatedByKind: ownerKind, CreatedByID: ownerID})
			if err != nil {
				t.Fatal(err)
			}
			return auth.WithPrincipal(ctx, auth.Principal{ID: tk.ID, Name: name, Kind: auth.KindToken, OwnerKind: ownerKind,
				OwnerID: ownerID, Grants: []auth.Grant{rev}})
		}
		alice := as("alice", 1, rev)
		// Tokens get ids 1, 2, 3, ...: the first shares alice's id number.
		bobsBot := token("alice", auth.KindAdmin, 2) // bob's token, named like alice, id 1 like alice
		alicesBot := token("ci-bot", auth.KindAdmin, 1)
		alicesOther := token("ci-bot-2", auth.KindAdmin, 1)
		for i, tc := range []struct {
			name          string
			decide, check context.Context
			self          bool
		}{
			{"same admin", alice, alice, true},
			{"token of another person with the same name and id number", alice, bobsBot, false},
			{"the dispositioner's own token", alice, alicesBot, true},
			{"the maker of the dispositioning token", alicesBot, alice, true},
			{"two tokens of one maker", alicesBot, alicesOther, true},
			{"an admin whose name matches a token's", bobsBot, alice, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := f.alert(t, []string{"m0", "m1", "m2", "m3", "m4", "m5"}[i], "ae")
				if _, err := f.svc.Disposition(tc.decide, id, Decision{Disposition: "ae_reported", CaseNumber: "CN-1"}); err != nil {
					t.Fatal(err)
				}
				_, err := f.svc.Approve(tc.check, id, "")
				if got := errors.Is(err, ErrSelfApproval); got != tc.self || (!tc.self && err != nil) {
					t.Fatalf("approve: %v, want self=%v", err, tc.self)
				}
			})
		}
	})
}

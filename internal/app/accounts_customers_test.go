package app

import (
	"context"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestCustomerCounterCountsOwnedGroups: deletes wait for live groups the
// member owns; dismissed ones and other owners' do not count.
func TestCustomerCounterCountsOwnedGroups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		if err := b.Store.UpsertCorp(ctx, store.Corp{CorpID: "ww1", Key: "one"}); err != nil {
			t.Fatal(err)
		}
		for _, g := range []store.GroupChat{{CorpID: "ww1", ChatID: "wr1", Owner: "zs"}, {CorpID: "ww1", ChatID: "wr2", Owner: "zs"},
			{CorpID: "ww1", ChatID: "wr3", Owner: "ls"}} {
			if err := b.Store.SaveGroupChat(ctx, g, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Store.DismissGroupChat(ctx, "ww1", "wr2"); err != nil {
			t.Fatal(err)
		}
		var c accounts.GroupCounter = customerCounter{b.Store}
		if n, err := c.OwnedGroupCount(ctx, "ww1", "zs"); err != nil || n != 1 {
			t.Fatalf("owned groups %d %v, want 1", n, err)
		}
	})
}

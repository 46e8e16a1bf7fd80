package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

func TestInsertMessagesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		g := corpus.New(corpus.Config{Seed: 3, Corps: []string{"wwc1", "wwc2"}, Employees: 10, Start: 1_700_000_000_000})
		storetest.SeedCorp(t, st, "wwc1", "c1")
		storetest.SeedCorp(t, st, "wwc2", "c2")
		var page []store.Message
		for range 200 {
			page = append(page, g.Next())
		}
		n, err := st.InsertMessages(ctx, page)
		if err != nil || n != 200 {
			t.Fatalf("insert: %d %v", n, err)
		}
		if n, err = st.InsertMessages(ctx, page[150:]); err != nil || n != 0 { // a re-pulled page is a no-op
			t.Fatalf("re-insert: %d %v", n, err)
		}
		got, err := st.MessagesAfterSeq(ctx, "wwc1", 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(got); i++ {
			if got[i].ID <= got[i-1].ID {
				t.Fatalf("ids do not follow the page's order at %d", i)
			}
		}
		want := 0
		q, _ := textindex.Parse("好的")
		for _, m := range page {
			if m.CorpID == "wwc2" && q.Matches(m.Content) {
				want++
			}
		}
		hits, err := st.SearchMessages(ctx, q, store.MessageFilter{CorpID: "wwc2", Scope: store.DeptScope{All: true}}, 1000)
		if err != nil || len(hits) != want || want == 0 {
			t.Fatalf("search after a page insert: %d hits, want %d (%v)", len(hits), want, err)
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestSearchBackfill: messages stored before the index existed are found
// once the backfill has run, batch by batch, resuming from its checkpoint.
func TestSearchBackfill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		if s, err := st.SearchBackfillState(ctx); err != nil || s.Pending() {
			t.Fatalf("fresh database: %+v %v", s, err)
		}
		for i := range 25 {
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
				MsgType: "text", From: fmt.Sprintf("e%d", i%2), ToList: `["wm1"]`, MsgTime: int64(i + 1), Content: "患者随访"}); err != nil {
				t.Fatal(err)
			}
		}
		// As if ingested before the index: no index entries, a checkpoint behind.
		if b.Name == "sqlite" {
			storetest.Exec(t, st, `DELETE FROM message_fts`)
		} else {
			storetest.Exec(t, st, `UPDATE messages SET search = ''::tsvector`)
		}
		storetest.Exec(t, st, `UPDATE search_index_state SET backfill_after = 0, backfill_upto = (SELECT MAX(id) FROM messages)`)
		q, _ := textindex.Parse("随访")
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		if got, _ := st.SearchMessages(ctx, q, all, 100); len(got) != 0 {
			t.Fatalf("found %d before the backfill", len(got))
		}
		s, err := st.BackfillSearchIndex(ctx, 10)
		if err != nil || !s.Pending() {
			t.Fatalf("first batch: %+v %v", s, err)
		}
		if again, _ := st.SearchBackfillState(ctx); again != s { // the checkpoint is stored
			t.Fatalf("checkpoint %+v, want %+v", again, s)
		}
		if got, _ := st.SearchMessages(ctx, q, all, 100); len(got) != 10 {
			t.Fatalf("after one batch found %d, want 10", len(got))
		}
		for s.Pending() {
			if s, err = st.BackfillSearchIndex(ctx, 10); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := st.SearchMessages(ctx, q, all, 100); len(got) != 25 {
			t.Fatalf("after the backfill found %d, want 25", len(got))
		}
		emp := all
		emp.Employee = "e1"
		if got, _ := st.SearchMessages(ctx, q, emp, 100); len(got) != 12 {
			t.Fatalf("employee filter after the backfill found %d, want 12", len(got))
		}
	})
}

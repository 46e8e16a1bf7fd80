package store_test

import (
	"context"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestMergeSearchIndex: merging the index's segments (many, one per
// transaction, with deletions) step by step ends, and every search finds
// the same messages after it as before.
func TestMergeSearchIndex(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		for i := range 40 { // 40 transactions: 40 segments before automerge
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
				MsgType: "text", From: "e0", ToList: `["wm1"]`, MsgTime: int64(i + 1),
				Content: fmt.Sprintf("样品申请 电话1380013%04d 第%d条", i, i%7)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.IndexMessageText(ctx, "wwc1", "m3", "转写 皮疹"); err != nil { // a delete and a re-insert
			t.Fatal(err)
		}
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		queries := []string{"样品", "0013", "第3条", "皮疹", "1380013000"}
		before := map[string]int{}
		for _, qs := range queries {
			q, _ := textindex.Parse(qs)
			got, err := st.SearchMessages(ctx, q, all, 100)
			if err != nil {
				t.Fatal(err)
			}
			before[qs] = len(got)
		}
		steps := 0
		for more := true; more; steps++ {
			var err error
			if more, err = st.MergeSearchIndex(ctx, 4, steps == 0); err != nil {
				t.Fatal(err)
			}
			if steps > 10_000 {
				t.Fatal("merge does not end")
			}
		}
		for _, qs := range queries {
			q, _ := textindex.Parse(qs)
			got, err := st.SearchMessages(ctx, q, all, 100)
			if err != nil || len(got) != before[qs] || before[qs] == 0 {
				t.Fatalf("%s: %d hits after merge, %d before (%v)", qs, len(got), before[qs], err)
			}
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestCountSearchEstimate: past the bound the total is an estimate
// (exact=false) near the true count, not the bound.
func TestCountSearchEstimate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		var page []store.Message
		for i := range 600 {
			text := "好的"
			if i%3 == 0 {
				text = "不良反应报告"
			}
			page = append(page, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1), MsgType: "text",
				From: "e1", MsgTime: int64(1000 * (i + 1)), Content: text})
		}
		if _, err := st.InsertMessages(ctx, page); err != nil {
			t.Fatal(err)
		}
		q, _ := textindex.Parse("不良")
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		for _, tc := range []struct {
			name      string
			from, to  int64
			bound     int
			want      int
			wantExact bool
		}{
			{"under the bound", 0, 0, 500, 200, true},
			{"past the bound", 0, 0, 50, 200, false},
			{"time range", 300_000, 450_000, 20, 50, false},
		} {
			f := all
			f.From, f.To = tc.from, tc.to
			n, exact, err := st.CountSearch(ctx, q, f, tc.bound)
			if err != nil || exact != tc.wantExact {
				t.Fatalf("%s: %d exact=%v err=%v", tc.name, n, exact, err)
			}
			if n < tc.want*8/10 || n > tc.want*12/10 {
				t.Errorf("%s: total %d, want about %d", tc.name, n, tc.want)
			}
		}
	})
}

// TestSearchWalkThenIndex: PostgreSQL's walk of the newest messages and its
// index step below the window together give the newest hits in order.
func TestSearchWalkThenIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		var page []store.Message
		for i := range 100 {
			text := "好的"
			if i%10 == 0 || i > 95 {
				text = "临床试验入组"
			}
			page = append(page, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1), MsgType: "text",
				From: "e1", MsgTime: int64(i + 1), Content: text})
		}
		if _, err := st.InsertMessages(ctx, page); err != nil {
			t.Fatal(err)
		}
		q, _ := textindex.Parse("临床试验")
		f := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		for _, walk := range []int{3, 20, 1000} {
			got, err := st.SearchWalk(ctx, q, f, 6, walk)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range got {
				ids = append(ids, m.MsgID)
			}
			if want := "m99 m98 m97 m96 m90 m80"; strings.Join(ids, " ") != want {
				t.Errorf("walk %d: %v, want %s", walk, ids, want)
			}
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestEmployeeLineageSpansAccounts: after a mobile change (seed rule b) the
// employee's new account zhang.san-2 succeeds zhang.san; filtering by
// either account finds the messages of both, in search, listing and the
// counts exports use, and nobody else's (zhang.san.3 shares index tokens).
func TestEmployeeLineageSpansAccounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		pairs := []struct{ from, to string }{
			{"zhang.san", "wm1"}, {"wm2", "zhang.san"}, {"zhang.san-2", "wm1"}, {"wm3", "zhang.san-2"}, {"zhang.san.3", "wm4"}, {"li", "wm5"},
		}
		for i, p := range pairs {
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
				MsgType: "text", From: p.from, ToList: `["` + p.to + `"]`, MsgTime: int64(1000 + i), Content: "样品申请"}); err != nil {
				t.Fatal(err)
			}
		}
		q, _ := textindex.Parse("样品")
		count := func(emp string) (search, list int, total int64) {
			f := store.MessageFilter{CorpID: "wwc1", Employee: emp, Scope: store.DeptScope{All: true}}
			hits, err := st.SearchMessages(ctx, q, f, 50)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := st.ListMessages(ctx, f, 0, true, 50)
			if err != nil {
				t.Fatal(err)
			}
			total, err = st.CountMessages(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(hits), len(rows), total
		}
		if s, l, n := count("zhang.san-2"); s != 2 || l != 2 || n != 2 {
			t.Fatalf("before the link: search %d list %d count %d, want 2 each", s, l, n)
		}
		if err := st.LinkEmployeeAccounts(ctx, "wwc1", "E1", "zhang.san", "Zhang.San-2", "person_changed_mobile"); err != nil {
			t.Fatal(err)
		}
		if err := st.LinkEmployeeAccounts(ctx, "wwc1", "E1", "zhang.san", "zhang.san-2", "person_changed_mobile"); err != nil {
			t.Fatal(err) // again: a replayed apply step
		}
		for _, emp := range []string{"zhang.san-2", "zhang.san"} {
			if s, l, n := count(emp); s != 4 || l != 4 || n != 4 {
				t.Errorf("%s after the link: search %d list %d count %d, want 4 each (both accounts)", emp, s, l, n)
			}
		}
		ids, err := st.EmployeeAccountUserIDs(ctx, "wwc1", "zhang.san-2")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids, []string{"zhang.san-2", "zhang.san"}) {
			t.Errorf("accounts of zhang.san-2: %v", ids)
		}
		if ids, _ := st.EmployeeAccountUserIDs(ctx, "wwc1", "li"); !slices.Equal(ids, []string{"li"}) {
			t.Errorf("accounts of li: %v", ids)
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestScopedSearchNeverLeaks: a reviewer scoped to a department sees
// exactly the messages its employees sent or received, whether the scope
// is narrow (its employees become index terms) or wide (checked one by
// one), with ids the index splits at punctuation ("zhang.san" and
// "zhang.san.2" share tokens), with a department filter, and paged.
func TestScopedSearchNeverLeaks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		emp := func(userid, dept string) {
			if err := st.UpsertEmployee(ctx, store.Employee{CorpID: "wwc1", EmployeeID: "E-" + userid + dept, UserID: userid,
				Name: userid, DepartmentPath: dept, HRStatus: "active"}); err != nil {
				t.Fatal(err)
			}
		}
		emp("zhang.san", "总部/肿瘤")
		emp("li", "总部/肿瘤/华东")
		emp("zhang.san.2", "总部/心血管")
		emp("", "总部/肿瘤")    // not yet in WeCom: no userid, no messages
		for i := range 60 { // a wide department: more employees than the index lookup takes
			emp(fmt.Sprintf("wide%d", i), "总部/销售")
		}
		senders := []struct{ from, to string }{
			{"zhang.san", "wm1"}, {"wm2", "li"}, {"zhang.san.2", "wm3"}, {"wm4", "zhang.san.2"}, {"wide7", "wm5"},
			{"wm6", "wide59"}, {"wmx", "wmy"}, {"zhang", "wm7"}, {"san", "wm8"},
		}
		inScope := map[string]map[string]bool{
			"总部/肿瘤":  {"zhang.san": true, "li": true},
			"总部/心血管": {"zhang.san.2": true},
			"总部/销售":  {"wide7": true, "wide59": true},
		}
		seq := 0
		for round := range 3 {
			for _, p := range senders {
				seq++
				if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", seq), Seq: int64(seq),
					MsgType: "text", From: p.from, ToList: `["` + p.to + `"]`, MsgTime: int64(1000 + seq),
					Content: fmt.Sprintf("样品申请 第%d轮", round)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		q, _ := textindex.Parse("样品")
		for dept, want := range inScope {
			for _, f := range []store.MessageFilter{
				{Scope: store.DeptScope{Paths: []string{dept}}},
				{Scope: store.DeptScope{All: true}, Department: dept},
				{Scope: store.DeptScope{Paths: []string{dept, "总部/销售"}}, Department: dept},
			} {
				f.CorpID = "wwc1"
				var got []store.Message
				for page := 0; page < 10; page++ { // pages of 2, newest first
					rows, err := st.SearchMessages(ctx, q, f, 2)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, rows...)
					if len(rows) < 2 {
						break
					}
					f.BeforeID = rows[len(rows)-1].ID
				}
				f.BeforeID = 0
				for _, m := range got {
					if !want[m.From] && !want[m.ToList[2:len(m.ToList)-2]] {
						t.Fatalf("%s %+v: out-of-scope hit %s from %s to %s", dept, f.Scope, m.MsgID, m.From, m.ToList)
					}
				}
				wantN := 0
				for _, p := range senders {
					if want[p.from] || want[p.to] {
						wantN += 3
					}
				}
				if len(got) != wantN {
					t.Fatalf("%s %+v: %d hits, want %d", dept, f.Scope, len(got), wantN)
				}
				if n, exact, err := st.CountSearch(ctx, q, f, 100); err != nil || !exact || n != len(got) {
					t.Fatalf("%s: count %d %v %v, want %d", dept, n, exact, err, len(got))
				}
			}
		}
		none := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{Paths: []string{"总部/无人部门"}}}
		if got, err := st.SearchMessages(ctx, q, none, 10); err != nil || len(got) != 0 {
			t.Fatalf("empty department sees %d (%v)", len(got), err)
		}
		if n, exact, err := st.CountSearch(ctx, q, none, 10); err != nil || !exact || n != 0 {
			t.Fatalf("empty department counts %d %v %v", n, exact, err)
		}
	})
}

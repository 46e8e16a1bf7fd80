package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestDepartmentScopeInSQL: a caller limited to 肿瘤事业部 sees only that
// department's employees and only their customer relationships.
func TestDepartmentScopeInSQL(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwa", "a")
		for _, e := range []store.Employee{
			{CorpID: "wwa", EmployeeID: "E1", UserID: "onc.rep", Name: "肿瘤代表", DepartmentPath: "总部/医学部/肿瘤事业部"},
			{CorpID: "wwa", EmployeeID: "E2", UserID: "onc.sub", Name: "下级", DepartmentPath: "总部/医学部/肿瘤事业部/华东区"},
			{CorpID: "wwa", EmployeeID: "E3", UserID: "cv.rep", Name: "心血管代表", DepartmentPath: "总部/医学部/心血管事业部"},
		} {
			e.HRStatus = "active"
			if err := b.Store.UpsertEmployee(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		storetest.Exec(t, b.Store,
			`INSERT INTO follow_relations (corp_id, userid, external_userid, state, updated_at) VALUES
			 ('wwa', 'onc.rep', 'wm1', 'active', 1), ('wwa', 'onc.sub', 'wm2', 'active', 1), ('wwa', 'cv.rep', 'wm3', 'active', 1)`)
		onc := store.DeptScope{Paths: []string{"总部/医学部/肿瘤事业部"}}
		emps, total, err := b.Store.ListEmployees(ctx, store.EmployeeFilter{CorpID: "wwa", Scope: &onc, Limit: 10})
		if err != nil || total != 2 || len(emps) != 2 {
			t.Fatalf("scoped employees: %d %v %v", total, emps, err)
		}
		for _, e := range emps {
			if e.UserID == "cv.rep" {
				t.Fatal("out-of-scope employee listed")
			}
		}
		rels, err := b.Store.ListFollowRelations(ctx, store.RelationFilter{CorpID: "wwa", Scope: &onc})
		if err != nil || len(rels) != 2 {
			t.Fatalf("scoped relations: %+v %v", rels, err)
		}
		none := store.DeptScope{}
		if rels, _ := b.Store.ListFollowRelations(ctx, store.RelationFilter{CorpID: "wwa", Scope: &none}); len(rels) != 0 {
			t.Fatalf("empty scope sees %d relations", len(rels))
		}
		all := store.DeptScope{All: true}
		if rels, _ := b.Store.ListFollowRelations(ctx, store.RelationFilter{CorpID: "wwa", Scope: &all}); len(rels) != 3 {
			t.Fatalf("unrestricted scope sees %d relations", len(rels))
		}
	})
}

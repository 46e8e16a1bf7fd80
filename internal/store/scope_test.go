package store_test

import (
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestDeptScopeSQLDoesNotLeak runs DeptScope.Where on both stores against
// employees in sibling, prefix-sharing and wildcard-named departments.
func TestDeptScopeSQLDoesNotLeak(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		storetest.SeedCorp(t, b.Store, "ww1", "main")
		d, conn, _ := store.ParseDSN(b.DSN)
		driver, ph := "pgx", func(n int) string { return fmt.Sprintf("$%d", n) }
		if d == store.SQLite {
			driver, ph = "sqlite", func(int) string { return "?" }
		}
		db, err := sql.Open(driver, conn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		depts := []string{"总部/医学部/肿瘤事业部", "总部/医学部/肿瘤事业部/北京", "总部/医学部/肿瘤事业部2", "总部/医学部",
			"总部/销售部", "50%_off", "50%_off/x", "5000_off", "50%_offer"}
		for i, dp := range depts {
			q := fmt.Sprintf(`INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at) VALUES ('ww1', %s, 'n', %s, 0, 0)`, ph(1), ph(2))
			if _, err := db.Exec(q, fmt.Sprintf("u%d", i), dp); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			scope store.DeptScope
			want  []string
		}{
			{store.DeptScope{Paths: []string{"总部/医学部/肿瘤事业部"}}, []string{"总部/医学部/肿瘤事业部", "总部/医学部/肿瘤事业部/北京"}},
			{store.DeptScope{Paths: []string{"50%_off"}}, []string{"50%_off", "50%_off/x"}},
			{store.DeptScope{Paths: []string{"总部/销售部", "5000_off"}}, []string{"总部/销售部", "5000_off"}},
			{store.DeptScope{}, nil},
			{store.DeptScope{All: true}, depts},
		}
		for _, c := range cases {
			cond, args := c.scope.Where("department_path")
			n := 0
			for i := 0; i < len(cond); i++ { // rebind ? to the driver's placeholders
				if cond[i] == '?' {
					n++
					cond = cond[:i] + ph(n) + cond[i+1:]
				}
			}
			rows, err := db.Query(`SELECT department_path FROM employees WHERE corp_id = 'ww1' AND `+cond, args...)
			if err != nil {
				t.Fatalf("%s: %v", cond, err)
			}
			var got []string
			for rows.Next() {
				var p string
				if err := rows.Scan(&p); err != nil {
					t.Fatalf("%s: %v", cond, err)
				}
				got = append(got, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				t.Fatalf("%s: %v", cond, err)
			}
			want := slices.Clone(c.want)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%+v: got %v want %v", c.scope, got, want)
			}
			for _, p := range depts {
				if c.scope.Allows(p) != slices.Contains(want, p) {
					t.Errorf("%+v: Allows(%q) disagrees with SQL", c.scope, p)
				}
			}
		}
	})
}

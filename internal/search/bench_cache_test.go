package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/search"
	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// upgradeCached makes the cached SQLite database for key out of the newest
// one cached at an older schema (same corpus and size), when key has none:
// it copies the file and lets the store migrate it and backfill the index,
// as a production upgrade does. Loading ten million messages again for each
// index change would take hours; the upgrade takes minutes. The load rate
// kept in the side file is the original load's.
func upgradeCached(b *testing.B, dir, key string, schema int64, n int) {
	path := filepath.Join(dir, key+".db")
	if _, err := os.Stat(path); err == nil {
		return
	}
	var from string
	var fromInfo []byte
	for v := schema - 1; v > 0 && from == ""; v-- {
		old := fmt.Sprintf("search_s%d_c%d_n%d", v, corpus.Version, n)
		if raw, err := os.ReadFile(filepath.Join(dir, old+".sqlite.json")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, old+".db")); err == nil {
				from, fromInfo = filepath.Join(dir, old+".db"), raw
			}
		}
	}
	if from == "" {
		return
	}
	b.Logf("upgrading cached %s to schema %d", filepath.Base(from), schema)
	if err := copyFile(from, path+".tmp"); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+path+".tmp", nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	finishBackfill(b, st)
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, key+".sqlite.json"), fromInfo, 0o640); err != nil {
		b.Fatal(err)
	}
}

// upgradeCachedPG is upgradeCached for PostgreSQL: when key has no
// database, the newest one loaded at an older schema (same corpus and
// size) is renamed to key's; benchDB then migrates it and runs any index
// backfill the newer schema asks for.
func upgradeCachedPG(b *testing.B, dir, key string, schema int64, n int) {
	side := filepath.Join(dir, key+".postgres.json")
	if _, err := os.Stat(side); err == nil {
		return
	}
	db, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for v := schema - 1; v > 0; v-- {
		old := fmt.Sprintf("search_s%d_c%d_n%d", v, corpus.Version, n)
		raw, err := os.ReadFile(filepath.Join(dir, old+".postgres.json"))
		if err != nil {
			continue
		}
		var exists bool
		if err := db.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, "wa_bench_"+old).Scan(&exists); err != nil {
			b.Fatal(err)
		}
		if !exists {
			continue
		}
		b.Logf("upgrading cached wa_bench_%s to schema %d", old, schema)
		if _, err := db.Exec(`DROP DATABASE IF EXISTS wa_bench_` + key + ` WITH (FORCE)`); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(`ALTER DATABASE wa_bench_` + old + ` RENAME TO wa_bench_` + key); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(side, raw, 0o640); err != nil {
			b.Fatal(err)
		}
		_ = os.Remove(filepath.Join(dir, old+".postgres.json"))
		return
	}
}

// finishBackfill migrates a cached database and runs the index backfill a
// newer schema asked for, reporting its rate.
func finishBackfill(b *testing.B, st *store.Store) {
	ctx := context.Background()
	if _, err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	state, err := st.SearchBackfillState(ctx)
	if err != nil || !state.Pending() {
		return
	}
	t0 := time.Now()
	for state.Pending() {
		if state, err = st.BackfillSearchIndex(ctx, search.BackfillBatch); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("index backfill of %d ids: %.0f ids/s", state.Upto, float64(state.Upto)/time.Since(t0).Seconds())
}

// mergeIndex runs the nightly search.merge task on a loaded or upgraded
// database (a no-op when it is merged already), as production leaves it.
func mergeIndex(b *testing.B, st *store.Store) {
	t0 := time.Now()
	if err := search.MergeIndex(context.Background(), st, slog.New(slog.DiscardHandler)); err != nil {
		b.Fatal(err)
	}
	if d := time.Since(t0); d > time.Second {
		b.Logf("index merge (the nightly search.merge task): %.1f s", d.Seconds())
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Department scopes of the benchmark: a region of about 10 of corp 0's
// employees (its ids become index terms) and the whole head office (400:
// checked one by one).
const (
	benchNarrowDept = "总部/BU2/区1"
	benchWideDept   = "总部"
)

// seedBenchEmployees gives the benchmark's employees departments (once per
// cached database): employee e of corp e%5 sits in 总部/BU((e/5)%10)/区((e/50)%4).
func seedBenchEmployees(b *testing.B, st *store.Store) {
	ctx := context.Background()
	if _, total, err := st.ListEmployees(ctx, store.EmployeeFilter{CorpID: benchCorps[0], Limit: 1}); err != nil || total > 0 {
		if err != nil {
			b.Fatal(err)
		}
		return
	}
	err := st.WithTx(ctx, func(ctx context.Context) error {
		for e := range benchEmployees {
			id := "e" + strconv.Itoa(e)
			if err := st.UpsertEmployee(ctx, store.Employee{CorpID: benchCorps[e%len(benchCorps)], EmployeeID: "E" + id, UserID: id,
				Name: id, DepartmentPath: fmt.Sprintf("总部/BU%d/区%d", (e/5)%10, (e/50)%4), HRStatus: "active"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

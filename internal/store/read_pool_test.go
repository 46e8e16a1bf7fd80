package store_test

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"testing"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// countingQuerier counts the statements the read pool served.
type countingQuerier struct {
	store.QuerierForTest
	n atomic.Int64
}

func (c *countingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	return c.QuerierForTest.QueryContext(ctx, q, args...)
}

func (c *countingQuerier) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.n.Add(1)
	return c.QuerierForTest.QueryRowContext(ctx, q, args...)
}

// TestReadPoolServesMarkedReads: with db_read attached (here a second pool
// on the same PostgreSQL), search, lists and threads asked for on a
// ReadReplica context are served by it, unmarked reads and every write by
// the primary, and the read pool refuses writes. SQLite has one database.
func TestReadPoolServesMarkedReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		if b.Name == "sqlite" {
			if err := st.AttachReadPool(ctx, "postgres://u@127.0.0.1:1/x"); err == nil {
				t.Fatal("SQLite took a read pool")
			}
		} else if err := st.AttachReadPool(ctx, b.DSN); err != nil {
			t.Fatal(err)
		}
		counter := &countingQuerier{}
		if st.HasReadPool() {
			st.WrapReadPoolForTest(func(q store.QuerierForTest) store.QuerierForTest { counter.QuerierForTest = q; return counter })
		}
		rctx := store.ReadReplica(ctx)
		// A write on a marked context still goes to the primary.
		if err := st.WithTx(rctx, func(ctx context.Context) error {
			for _, m := range corpus.Messages(3, "wwc1", 50, 3, 1_700_000_000_000) {
				if _, err := st.InsertMessage(ctx, m); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		q, _ := textindex.Parse("的")
		reads := []struct {
			name string
			run  func(ctx context.Context) error
		}{
			{"search", func(ctx context.Context) error { _, err := st.SearchMessages(ctx, q, all, 10); return err }},
			{"count", func(ctx context.Context) error { _, _, err := st.CountSearch(ctx, q, all, 10); return err }},
			{"thread", func(ctx context.Context) error { _, err := st.ListMessages(ctx, all, 0, false, 10); return err }},
			{"conversations", func(ctx context.Context) error {
				_, err := st.ListConversationSummaries(ctx, store.ConversationFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 10)
				return err
			}},
		}
		for _, r := range reads {
			before := counter.n.Load()
			if err := r.run(ctx); err != nil {
				t.Fatalf("%s unmarked: %v", r.name, err)
			}
			if got := counter.n.Load() - before; got != 0 {
				t.Errorf("%s unmarked: read pool served %d queries, want 0", r.name, got)
			}
			if err := r.run(rctx); err != nil {
				t.Fatalf("%s marked: %v", r.name, err)
			}
			got := counter.n.Load() - before
			if st.HasReadPool() && got == 0 {
				t.Errorf("%s marked: the read pool served nothing", r.name)
			}
			if !st.HasReadPool() && got != 0 {
				t.Errorf("%s: no read pool but %d counted", r.name, got)
			}
			// Inside a transaction a marked read sees the transaction.
			before = counter.n.Load()
			if err := st.WithTx(rctx, r.run); err != nil {
				t.Fatalf("%s in tx: %v", r.name, err)
			}
			if got := counter.n.Load() - before; got != 0 {
				t.Errorf("%s in tx: read pool served %d queries, want 0", r.name, got)
			}
		}
		if !st.HasReadPool() {
			return
		}
		var app string
		if err := st.ReadPoolForTest(rctx).QueryRowContext(ctx, `SELECT current_setting('application_name')`).Scan(&app); err != nil || app != store.ReadPoolApplicationName {
			t.Fatalf("read pool application_name = %q, %v", app, err)
		}
		_, err := st.ReadPoolForTest(rctx).ExecContext(ctx, `UPDATE messages SET content = 'x' WHERE corp_id = 'wwc1'`)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Fatalf("a write through the read pool: err = %v, want it refused as read-only", err)
		}
	})
}

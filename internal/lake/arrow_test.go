package lake

import (
	"context"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"wecomadmin/internal/store/storetest"
)

// arrowRow is one row as an independent Parquet reader (Apache Arrow's)
// sees it: col names a column's index in rec.
type arrowRow struct {
	rec arrow.RecordBatch
	i   int
	col func(name string) int
}

func (r arrowRow) int64(name string) int64 {
	return r.rec.Column(r.col(name)).(*array.Int64).Value(r.i)
}
func (r arrowRow) str(name string) string { return r.rec.Column(r.col(name)).ValueStr(r.i) }
func (r arrowRow) null(name string) bool  { return r.rec.Column(r.col(name)).IsNull(r.i) }

// TestArrowReadsBack: Arrow reads each table's files; every row equals the
// store's. messages: id, msgid, seq (64-bit), content (Chinese, emoji) and
// sender name; alerts: a time not reached yet (closed_at of an open alert)
// is null, a reached one is the store's.
func TestArrowReadsBack(t *testing.T) {
	cases := []struct {
		table string
		rows  int
		check func(t *testing.T, f *fixture, r arrowRow)
	}{
		{"messages", 5, func(t *testing.T, f *fixture, r arrowRow) {
			ctx := context.Background()
			m, err := f.st.MessageByMsgID(ctx, "ww1", r.str("msgid"))
			if err != nil {
				t.Fatal(err)
			}
			names, _ := f.st.PartyNames(ctx, "ww1", []string{m.From})
			if r.int64("id") != m.ID || r.int64("seq") != m.Seq || r.str("content") != m.Content ||
				r.str("from_name") != names[m.From].Name {
				t.Errorf("%s: arrow read id %d seq %d %q %q; store %d %d %q %q", m.MsgID, r.int64("id"), r.int64("seq"),
					r.str("content"), r.str("from_name"), m.ID, m.Seq, m.Content, names[m.From].Name)
			}
		}},
		{"alerts", 3, func(t *testing.T, f *fixture, r arrowRow) {
			a, err := f.st.AlertByID(context.Background(), r.int64("id"))
			if err != nil {
				t.Fatal(err)
			}
			if r.null("closed_at") != (a.ClosedAt == 0) || r.str("state") != a.State {
				t.Errorf("alert %d: closed_at null %v, state %q; store %d %q", a.ID, r.null("closed_at"), r.str("state"),
					a.ClosedAt, a.State)
			}
		}},
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.table, func(t *testing.T) {
				n := 0
				for _, fi := range res.Tables[c.table].Files {
					readArrow(t, f.path(fi.Key), func(r arrowRow) { c.check(t, f, r); n++ })
				}
				if n != c.rows {
					t.Errorf("arrow read %d rows of %s, want %d", n, c.table, c.rows)
				}
			})
		}
	})
}

// readArrow reads a Parquet file with Arrow and calls fn for every row.
func readArrow(t *testing.T, path string, fn func(arrowRow)) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rdr, err := file.NewParquetReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	col := func(name string) int {
		idx := tbl.Schema().FieldIndices(name)
		if len(idx) != 1 {
			t.Fatalf("column %s missing from %s", name, tbl.Schema())
		}
		return idx[0]
	}
	tr := array.NewTableReader(tbl, 0)
	defer tr.Release()
	for tr.Next() {
		rec := tr.RecordBatch()
		for i := 0; i < int(rec.NumRows()); i++ {
			fn(arrowRow{rec: rec, i: i, col: col})
		}
	}
}

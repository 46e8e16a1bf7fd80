package lake

import (
	"context"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"wecomadmin/internal/store/storetest"
)

// TestArrowReadsBack: an independent Parquet implementation (Apache
// Arrow's) reads the messages files; every row's id, msgid, seq (64-bit),
// content (Chinese, emoji) and sender name equal the store's.
func TestArrowReadsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, fi := range res.Tables["messages"].Files {
			fh, err := os.Open(f.path(fi.Key))
			if err != nil {
				t.Fatal(err)
			}
			rdr, err := file.NewParquetReader(fh)
			if err != nil {
				t.Fatal(err)
			}
			fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			tbl, err := fr.ReadTable(ctx)
			if err != nil {
				t.Fatal(err)
			}
			col := func(name string) int {
				idx := tbl.Schema().FieldIndices(name)
				if len(idx) != 1 {
					t.Fatalf("column %s missing from %s", name, tbl.Schema())
				}
				return idx[0]
			}
			tr := array.NewTableReader(tbl, 0)
			for tr.Next() {
				rec := tr.RecordBatch()
				ids := rec.Column(col("id")).(*array.Int64)
				seqs := rec.Column(col("seq")).(*array.Int64)
				for i := 0; i < int(rec.NumRows()); i++ {
					msgid := rec.Column(col("msgid")).ValueStr(i)
					content := rec.Column(col("content")).ValueStr(i)
					from := rec.Column(col("from_name")).ValueStr(i)
					m, err := f.st.MessageByMsgID(ctx, "ww1", msgid)
					if err != nil {
						t.Fatal(err)
					}
					names, _ := f.st.PartyNames(ctx, "ww1", []string{m.From})
					if ids.Value(i) != m.ID || seqs.Value(i) != m.Seq || content != m.Content || from != names[m.From].Name {
						t.Errorf("%s: arrow read id %d seq %d %q %q; store %d %d %q %q", msgid, ids.Value(i), seqs.Value(i),
							content, from, m.ID, m.Seq, m.Content, names[m.From].Name)
					}
					n++
				}
			}
			tr.Release()
			tbl.Release()
			_ = rdr.Close()
		}
		if n != 5 {
			t.Errorf("arrow read %d rows, want 5", n)
		}
	})
}

// TestArrowReadsAlerts: Arrow reads the alerts table; a time not reached
// yet (closed_at of an open alert) is null, a reached one is the store's.
func TestArrowReadsAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, fi := range res.Tables["alerts"].Files {
			fh, err := os.Open(f.path(fi.Key))
			if err != nil {
				t.Fatal(err)
			}
			rdr, err := file.NewParquetReader(fh)
			if err != nil {
				t.Fatal(err)
			}
			fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			tbl, err := fr.ReadTable(ctx)
			if err != nil {
				t.Fatal(err)
			}
			idx := func(name string) int {
				i := tbl.Schema().FieldIndices(name)
				if len(i) != 1 {
					t.Fatalf("column %s missing from %s", name, tbl.Schema())
				}
				return i[0]
			}
			tr := array.NewTableReader(tbl, 0)
			for tr.Next() {
				rec := tr.RecordBatch()
				ids := rec.Column(idx("id")).(*array.Int64)
				closed := rec.Column(idx("closed_at"))
				for i := 0; i < int(rec.NumRows()); i++ {
					a, err := f.st.AlertByID(ctx, ids.Value(i))
					if err != nil {
						t.Fatal(err)
					}
					if closed.IsNull(i) != (a.ClosedAt == 0) || rec.Column(idx("state")).ValueStr(i) != a.State {
						t.Errorf("alert %d: closed_at null %v, state %q; store %d %q", a.ID, closed.IsNull(i),
							rec.Column(idx("state")).ValueStr(i), a.ClosedAt, a.State)
					}
					n++
				}
			}
			tr.Release()
			tbl.Release()
			_ = rdr.Close()
		}
		if n != 3 {
			t.Errorf("arrow read %d alerts, want 3", n)
		}
	})
}

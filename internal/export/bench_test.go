package export_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/benchchild"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/export"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// Environment of the export benchmark.
const (
	envN     = "WECOMADMIN_BENCH_EXPORT"     // messages exported to CSV and XLSX (default 20,000; the figure is 1,000,000)
	envNPDF  = "WECOMADMIN_BENCH_EXPORT_PDF" // messages exported to PDF (default min(n, 20,000))
	envDB    = "WECOMADMIN_BENCH_EXPORT_DB"  // keep the seeded SQLite file here and reuse it next run
	envChild = "WECOMADMIN_EXPORT_CHILD"     // set in the child process: read, csv, xlsx or pdf
	envDSN   = "WECOMADMIN_EXPORT_CHILD_DSN"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkExport exports n messages (corp wwc1) to CSV and XLSX and a
// smaller set (corp wwc2) to PDF on SQLite. Each run happens in a child
// process (this test binary re-executed), so its peak RSS (VmHWM) is the
// export's alone; the baseline is a child that only reads the same rows
// from the store in the same batches. rows/cpu_s divides by the child's
// user+system CPU time, a steadier figure than wall time on a shared host.
func BenchmarkExport(b *testing.B) {
	n := envInt(envN, 20_000)
	npdf := envInt(envNPDF, min(n, 20_000))
	path := os.Getenv(envDB)
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	dsn := "sqlite:" + path
	seedBench(b, dsn, map[string]int{"wwc1": n, "wwc2": npdf})
	for range b.N {
		for _, mode := range []string{"read", "csv", "xlsx", "pdf"} {
			corp, rows := "wwc1", n
			if mode == "pdf" {
				corp, rows = "wwc2", npdf
			}
			r := runChild(b, mode, dsn, corp)
			if r.Rows != int64(rows) {
				b.Fatalf("%s: %d rows, want %d", mode, r.Rows, rows)
			}
			b.ReportMetric(float64(r.Rows)/r.Seconds, mode+"_rows/s")
			b.ReportMetric(r.PeakRSSMB, mode+"_peak_rss_MB")
			b.ReportMetric(float64(r.Rows)/r.CPU, mode+"_rows/cpu_s")
			if mode != "read" {
				b.ReportMetric(float64(r.Size)/(1<<20), mode+"_file_MB")
			}
		}
	}
	b.ReportMetric(float64(n), "messages")
	b.ReportMetric(float64(npdf), "pdf_messages")
}

// seedBench fills the database with want[corp] generated messages per
// corp, unless it already holds them.
func seedBench(b *testing.B, dsn string, want map[string]int) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	for corp, n := range want {
		storetest.SeedCorp(b, st, corp, corp)
		counts, err := st.MessageCountsByType(ctx, corp)
		if err != nil {
			b.Fatal(err)
		}
		have := 0
		for _, c := range counts {
			have += int(c)
		}
		if have == n {
			continue
		}
		if have != 0 {
			b.Fatalf("%s holds %d messages of corp %s, want %d: remove it", dsn, have, corp, n)
		}
		const chunk = 10_000
		for off := 0; off < n; off += chunk {
			msgs := corpus.Messages(uint64(off+1), corp, min(chunk, n-off), 2000, start+int64(off)*3000)
			err := st.WithTx(ctx, func(ctx context.Context) error {
				for i, m := range msgs {
					m.MsgID, m.Seq = fmt.Sprintf("%s-m%d", corp, off+i), int64(off+i+1)
					if _, err := st.InsertMessage(ctx, m); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func runChild(b *testing.B, mode, dsn, corp string) benchchild.Result {
	return benchchild.Run(b, "TestExportBenchChild", envChild+"="+mode, envDSN+"="+dsn, "WECOMADMIN_EXPORT_CHILD_CORP="+corp,
		"WECOMADMIN_EXPORT_CHILD_TMP="+b.TempDir())
}

// TestExportBenchChild is BenchmarkExport's child process; it does nothing
// in a normal test run.
func TestExportBenchChild(t *testing.T) {
	mode := os.Getenv(envChild)
	if mode == "" {
		t.Skip("only run by BenchmarkExport")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(envDSN), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	corp, tmp := os.Getenv("WECOMADMIN_EXPORT_CHILD_CORP"), os.Getenv("WECOMADMIN_EXPORT_CHILD_TMP")
	var r benchchild.Result
	t0 := time.Now()
	if mode == "read" { // the baseline: the same batches, no file
		f := store.MessageFilter{CorpID: corp, Scope: store.DeptScope{All: true}}
		for {
			page, err := st.ListMessages(ctx, f, 0, false, 500)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			r.Rows += int64(len(page))
			f.BeforeID = page[len(page)-1].ID
		}
	} else {
		bl, err := local.New(filepath.Join(tmp, "blobs"))
		if err != nil {
			t.Fatal(err)
		}
		rec := audit.New(st, nil, nil)
		svc := export.New(st, bl, nopQ{}, approval.New(st, rec), rec, export.Options{TempDir: tmp})
		e, err := st.CreateExport(ctx, store.Export{CorpID: corp, Format: mode, Source: "search",
			Params: `{"filter":{"CorpID":"` + corp + `"}}`, Scope: `{"All":true}`, RequestedBy: "bench", State: "queued"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Generate(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		r.Rows, r.Size = e.RowCount, e.Size
	}
	r.Seconds = time.Since(t0).Seconds()
	benchchild.Print(r)
}

type nopQ struct{}

func (nopQ) Enqueue(context.Context, jobs.NewJob) (int64, error) { return 0, nil }

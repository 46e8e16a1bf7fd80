package export_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/export"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkExport writes WECOMADMIN_BENCH_EXPORT messages (default 100,000;
// the figure is 1,000,000) to CSV and XLSX on SQLite and reports
// rows/s and the peak Go heap while generating, beside the rate of merely
// reading the same rows from the store (the baseline).
func BenchmarkExport(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("WECOMADMIN_BENCH_EXPORT")); err == nil && v > 0 {
		n = v
	}
	bk := storetest.Open(b, "sqlite")
	st := bk.Store
	ctx := context.Background()
	storetest.SeedCorp(b, st, "wwc1", "c1")
	msgs := corpus.Messages(5, "wwc1", n, 2000, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	for i := 0; i < n; i += 1000 {
		if err := st.WithTx(ctx, func(ctx context.Context) error {
			for _, m := range msgs[i:min(i+1000, n)] {
				if _, err := st.InsertMessage(ctx, m); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	msgs = nil
	bl, err := local.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	rec := audit.New(st, nil, nil)
	svc := export.New(st, bl, nopQ{}, approval.New(st, rec), rec, export.Options{TempDir: b.TempDir()})

	t0 := time.Now()
	f := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
	for {
		page, err := st.ListMessages(ctx, f, 0, false, 500)
		if err != nil {
			b.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		f.BeforeID = page[len(page)-1].ID
	}
	b.ReportMetric(float64(n)/time.Since(t0).Seconds(), "read_only_rows/s")

	for _, format := range []string{"csv", "xlsx"} {
		e, err := st.CreateExport(ctx, store.Export{CorpID: "wwc1", Format: format, Source: "search",
			Params: `{"filter":{"CorpID":"wwc1"}}`, Scope: `{"All":true}`, RequestedBy: "bench", State: "queued"})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { // sample the heap while the export runs
			defer close(done)
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		t0 := time.Now()
		if err := svc.Generate(ctx, &e, nil); err != nil {
			b.Fatal(err)
		}
		el := time.Since(t0)
		close(stop)
		<-done
		if e.RowCount != int64(n) {
			b.Fatalf("%s rows %d, want %d", format, e.RowCount, n)
		}
		b.ReportMetric(float64(n)/el.Seconds(), format+"_rows/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), format+"_peak_heap_MB")
		b.ReportMetric(float64(e.Size)/(1<<20), format+"_file_MB")
	}
	b.ReportMetric(float64(n), "messages")
	b.ReportMetric(vmHWM(), "process_peak_rss_MB")
}

type nopQ struct{}

func (nopQ) Enqueue(context.Context, jobs.NewJob) (int64, error) { return 0, nil }

// vmHWM reads the process's peak RSS (Linux).
func vmHWM() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		var kb float64
		if n, _ := fmt.Sscanf(line, "VmHWM: %f kB", &kb); n == 1 {
			return kb / 1024
		}
	}
	return 0
}

package lake

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wecomadmin/internal/benchchild"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/store"
)

// Environment of the lake benchmark.
const (
	envBenchN   = "WECOMADMIN_BENCH_LAKE"        // messages (default 1,000,000, the figure)
	envBenchDB  = "WECOMADMIN_BENCH_LAKE_DB"     // keep the seeded SQLite file here and reuse it
	envChild    = "WECOMADMIN_LAKE_CHILD"        // set in the child process: read or parquet
	envChildDSN = "WECOMADMIN_LAKE_CHILD_DSN"    // the child's store
	envChildTmp = "WECOMADMIN_LAKE_CHILD_TMPDIR" // the child's bucket and spool
)

// BenchmarkLakeExport exports n messages of one corp to Parquet on SQLite.
// Each run is a child process (this test binary re-executed), so its peak
// RSS (VmHWM) is the export's alone; the baseline is a child that only
// reads the same rows from the store in the same pages. rows/cpu_s divides
// by the child's user+system CPU time, steadier than wall time on a shared host.
func BenchmarkLakeExport(b *testing.B) {
	n := benchchild.Size(envBenchN, 1_000_000)
	dsn := benchchild.SQLiteDSN(b, envBenchDB, "lake-bench.db")
	seedLakeBench(b, dsn, n)
	b.ResetTimer()
	for b.Loop() {
		read := runLakeChild(b, "read", dsn)
		exp := runLakeChild(b, "parquet", dsn)
		if exp.Rows != int64(n) || read.Rows != int64(n) {
			b.Fatalf("rows: export %d, read %d, want %d", exp.Rows, read.Rows, n)
		}
		b.ReportMetric(float64(exp.Rows)/exp.Seconds, "rows/s")
		b.ReportMetric(float64(exp.Rows)/exp.CPU, "rows/cpu_s")
		b.ReportMetric(exp.PeakRSSMB, "peak_rss_MB")
		b.ReportMetric(float64(exp.Size)/float64(exp.Rows), "parquet_B/row")
		b.ReportMetric(float64(read.Rows)/read.Seconds, "store_read_rows/s")
		b.ReportMetric(float64(read.Rows)/read.CPU, "store_read_rows/cpu_s")
		b.ReportMetric(read.PeakRSSMB, "store_read_peak_rss_MB")
		if exp.PeakRSSMB > 300 {
			b.Errorf("peak RSS %.0f MB, over the 300 MB budget", exp.PeakRSSMB)
		}
	}
}

// seedLakeBench writes n messages (Chinese with emoji, 12 days, 5,000
// conversations, 500 named employees) with one SQL statement, unless the
// file already holds them.
func seedLakeBench(b *testing.B, dsn string, n int) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if got, _ := st.LakeBound(ctx, "wwbench", "messages"); got > 0 {
		return
	}
	if err := st.UpsertCorp(ctx, store.Corp{CorpID: "wwbench", Key: "bench", BaseURL: "http://127.0.0.1:0"}); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 499)
		 INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
		 SELECT 'wwbench', 'e' || i, '员工' || i, '总部/医学部/第' || (i % 20) || '组', 0, 1 FROM k`,
		fmt.Sprintf(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)
		 INSERT INTO messages (corp_id, msgid, seq, action, msgtype, from_id, tolist, conversation_id, msgtime, content, raw, meta, created_at)
		 SELECT 'wwbench', 'msg' || i, 4611686018427387904 + i, 'send', 'text', 'e' || (i %% 500), '["wm' || (i %% 2000) || '"]',
		   'c' || (i %% 5000), 1764900000000 + i * 1000, '王医生您好，关于新药的临床资料请查收，第 ' || i || ' 份 👍',
		   '{"msgid":"msg' || i || '","msgtype":"text"}', '{}', 0 FROM k`, n),
	} {
		if err := st.ExecRaw(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

func runLakeChild(b *testing.B, mode, dsn string) benchchild.Result {
	return benchchild.Run(b, "TestLakeBenchChild", envChild+"="+mode, envChildDSN+"="+dsn, envChildTmp+"="+b.TempDir())
}

// TestLakeBenchChild is BenchmarkLakeExport's child process; it does
// nothing in a normal test run.
func TestLakeBenchChild(t *testing.T) {
	mode := os.Getenv(envChild)
	if mode == "" {
		t.Skip("only run by BenchmarkLakeExport")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(envChildDSN), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tmp := os.Getenv(envChildTmp)
	var r benchchild.Result
	t0 := time.Now()
	if mode == "read" { // the baseline: the same pages, nothing resolved or written
		afterT, afterID := int64(-1<<62), int64(0)
		for {
			page, err := st.LakeMessages(ctx, "wwbench", 0, math.MaxInt64, afterT, afterID, 2000)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			r.Rows += int64(len(page))
			afterT, afterID = page[len(page)-1].MsgTime, page[len(page)-1].ID
		}
	} else {
		out, err := local.New(filepath.Join(tmp, "lake"))
		if err != nil {
			t.Fatal(err)
		}
		svc := New(st, out, nil, nil, nil, Options{TempDir: tmp})
		res, err := svc.Export(ctx, "wwbench", "bench")
		if err != nil {
			t.Fatal(err)
		}
		r.Rows = res.Tables["messages"].Rows
		for _, f := range res.Tables["messages"].Files {
			r.Size += f.Bytes
		}
	}
	r.Seconds = time.Since(t0).Seconds()
	benchchild.Print(r)
}

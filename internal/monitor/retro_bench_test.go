package monitor

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"wecomadmin/internal/benchchild"
	"wecomadmin/internal/store"
)

// Environment of the million-message retroactive benchmark.
const (
	envRetroN     = "WECOMADMIN_BENCH_RETRO"     // messages (default 1,000,000, the figure)
	envRetroDB    = "WECOMADMIN_BENCH_RETRO_DB"  // keep the seeded SQLite file here and reuse it
	envRetroChild = "WECOMADMIN_RETRO_CHILD"     // set in the child process: read or retro
	envRetroDSN   = "WECOMADMIN_RETRO_CHILD_DSN" // the child's store
	retroCorp     = "wwretro"
)

// BenchmarkRetroMillion runs the retroactive run over n stored messages
// of one corp on SQLite (1 in 25 an AE or bribery line, 5,000
// conversations). Each side is a child process (this test binary
// re-executed), so its peak RSS (VmHWM) is its own; the baseline child
// reads the same messages in the same pages and classifies nothing.
func BenchmarkRetroMillion(b *testing.B) {
	n := benchchild.Size(envRetroN, 1_000_000)
	dsn := benchchild.SQLiteDSN(b, envRetroDB, "retro-bench.db")
	seedRetroBench(b, dsn, n)
	b.ResetTimer()
	for b.Loop() {
		read := runRetroChild(b, "read", dsn)
		run := runRetroChild(b, "retro", dsn)
		if run.Rows != int64(n) || read.Rows != int64(n) {
			b.Fatalf("messages: retro %d, read %d, want %d", run.Rows, read.Rows, n)
		}
		b.ReportMetric(run.Seconds, "retro_s")
		b.ReportMetric(float64(run.Rows)/run.Seconds, "retro_msgs/s")
		b.ReportMetric(run.PeakRSSMB, "retro_peak_rss_MB")
		b.ReportMetric(float64(run.Count), "alerts_created")
		b.ReportMetric(read.Seconds, "read_only_s")
		b.ReportMetric(float64(read.Rows)/read.Seconds, "read_only_msgs/s")
		b.ReportMetric(read.PeakRSSMB, "read_only_peak_rss_MB")
	}
}

// seedRetroBench writes n messages with one SQL statement, unless the
// file already holds them.
func seedRetroBench(b *testing.B, dsn string, n int) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if got, _ := st.CountMessages(ctx, store.MessageFilter{CorpID: retroCorp, Scope: store.DeptScope{All: true}}); got >= int64(n) {
		return
	}
	if err := st.UpsertCorp(ctx, store.Corp{CorpID: retroCorp, Key: "retro", BaseURL: "http://127.0.0.1:0"}); err != nil {
		b.Fatal(err)
	}
	q := fmt.Sprintf(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)
		INSERT INTO messages (corp_id, msgid, seq, action, msgtype, from_id, tolist, conversation_id, msgtime, content, raw, meta, created_at)
		SELECT '%s', 'msg' || i, 4611686018427387904 + i, 'send', 'text',
		  CASE WHEN i %% 2 = 0 THEN 'e' || (i %% 500) ELSE 'wm' || (i %% 5000) END,
		  CASE WHEN i %% 2 = 0 THEN '["wm' || (i %% 5000) || '"]' ELSE '["e' || (i %% 500) || '"]' END,
		  'c' || (i %% 5000), 1764900000000 + i * 1000,
		  CASE i %% 50
		    WHEN 1 THEN '我有个病人吃了格鲁克拉以后头晕，昨天住院了'
		    WHEN 2 THEN '主任这个月格鲁克拉开满50盒，我给您返点'
		    WHEN 3 THEN '格鲁克拉减肥效果也不错'
		    ELSE '王医生您好，关于新药的临床资料请查收，第 ' || i || ' 份' END,
		  '{"msgid":"msg' || i || '","msgtype":"text"}', '{}', 0 FROM k`, n, retroCorp)
	if err := st.ExecRaw(ctx, q); err != nil {
		b.Fatal(err)
	}
}

// runRetroChild runs TestRetroBenchChild in mode (read or retro): Rows is
// the messages read, Count the alerts created.
func runRetroChild(b *testing.B, mode, dsn string) benchchild.Result {
	return benchchild.Run(b, "TestRetroBenchChild", envRetroChild+"="+mode, envRetroDSN+"="+dsn)
}

// TestRetroBenchChild is BenchmarkRetroMillion's child process; it does
// nothing in a normal test run. Alerts of an earlier retro child are
// removed first, so every run creates the same alerts.
func TestRetroBenchChild(t *testing.T) {
	mode := os.Getenv(envRetroChild)
	if mode == "" {
		t.Skip("only run by BenchmarkRetroMillion")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, os.Getenv(envRetroDSN), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var r benchchild.Result
	t0 := time.Now()
	if mode == "read" { // the baseline: the same pages, nothing classified
		var after int64
		for {
			batch, err := st.ListMessages(ctx, store.MessageFilter{CorpID: retroCorp, Scope: store.DeptScope{All: true}}, after, true, retroBatch)
			if err != nil {
				t.Fatal(err)
			}
			if len(batch) == 0 {
				break
			}
			r.Rows += int64(len(batch))
			after = batch[len(batch)-1].ID
		}
	} else {
		for _, q := range []string{`DELETE FROM monitor_alert_events`, `DELETE FROM monitor_alerts`} {
			if err := st.ExecRaw(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		svc := New(st, nil, Options{})
		if _, err := svc.SeedCatalog(ctx, []byte(benchCatalog)); err != nil {
			t.Fatal(err)
		}
		t0 = time.Now()
		res, err := svc.Retro(ctx, retroCorp, nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Rows, r.Count = res.Messages, res.Created
	}
	r.Seconds = time.Since(t0).Seconds()
	benchchild.Print(r)
}

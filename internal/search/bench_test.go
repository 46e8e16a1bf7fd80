package search_test

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// benchSize reads WECOMADMIN_BENCH_MESSAGES (default 200,000; the issue's
// figure is 10,000,000, which takes hours on a 2-core machine).
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("WECOMADMIN_BENCH_MESSAGES")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

// load inserts n generated messages the way ingest does (a transaction per
// page of 1,000) and returns the rate, index included.
func load(b *testing.B, st *store.Store, n int) float64 {
	ctx := context.Background()
	storetest.SeedCorp(b, st, "wwbench", "bench")
	msgs := corpus.Messages(42, "wwbench", n, 2000, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	r := rand.New(rand.NewPCG(9, 9))
	for range 20 { // a rare term
		msgs[r.IntN(n)].Content += " 奥希替尼耐药"
	}
	start := time.Now()
	for i := 0; i < n; i += 1000 {
		err := st.WithTx(ctx, func(ctx context.Context) error {
			for _, m := range msgs[i:min(i+1000, n)] {
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
	rate := float64(n) / time.Since(start).Seconds()
	// Planner statistics, as autovacuum (PostgreSQL) or PRAGMA optimize would leave them.
	if err := st.ExecRaw(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return rate
}

var queries = []string{"药", "会", "不良", "皮疹", "会议", "胰岛素", "不良反应", "临床试验", "meeting", "adverse",
	"0013", "1380", "奥希替尼", "ＣＴ报告"}

func pct(d []time.Duration, p float64) float64 {
	slices.Sort(d)
	return float64(d[min(len(d)-1, int(float64(len(d))*p))].Microseconds()) / 1000
}

// BenchmarkSearch: first page of 50 newest hits over a fixed query set,
// beside a LIKE '%term%' full scan of the same table, on both stores; also
// the index build rate and the index size as a share of the text size.
func BenchmarkSearch(b *testing.B) {
	n := benchSize()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			bk := storetest.Open(b, kind)
			rate := load(b, bk.Store, n)
			ctx := context.Background()
			all := store.MessageFilter{CorpID: "wwbench", Scope: store.DeptScope{All: true}}
			filtered := all
			filtered.Employee, filtered.MsgTypes = "e7", []string{"text"}
			filtered.From, filtered.To = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
			var single, multi, counts, like []time.Duration
			slowest := map[string]time.Duration{}
			b.ResetTimer()
			for range b.N {
				for _, qs := range queries {
					q, _ := textindex.Parse(qs)
					t0 := time.Now()
					if _, err := bk.Store.SearchMessages(ctx, q, all, 50); err != nil {
						b.Fatal(err)
					}
					single = append(single, time.Since(t0))
					slowest[qs] = max(slowest[qs], time.Since(t0))
					q2, _ := textindex.Parse(qs + " 好的")
					t0 = time.Now()
					if _, err := bk.Store.SearchMessages(ctx, q2, filtered, 50); err != nil {
						b.Fatal(err)
					}
					multi = append(multi, time.Since(t0))
					t0 = time.Now()
					if _, _, err := bk.Store.CountSearch(ctx, q, all, 10000); err != nil {
						b.Fatal(err)
					}
					counts = append(counts, time.Since(t0))
				}
			}
			b.StopTimer()
			var likeFull []time.Duration
			for _, qs := range []string{"药", "不良", "胰岛素", "meeting", "0013", "奥希替尼"} { // slow: a few terms, once
				t0 := time.Now()
				if _, err := bk.Store.LikeScanMessages(ctx, "wwbench", textindex.Normalize(qs), 50); err != nil {
					b.Fatal(err)
				}
				like = append(like, time.Since(t0))
				t0 = time.Now()
				if _, err := bk.Store.LikeCountMessages(ctx, "wwbench", textindex.Normalize(qs)); err != nil {
					b.Fatal(err)
				}
				likeFull = append(likeFull, time.Since(t0))
			}
			b.Logf("%s slowest first page per query: %v", kind, slowest)
			b.ReportMetric(float64(n), "messages")
			b.ReportMetric(pct(single, .5), "p50_ms")
			b.ReportMetric(pct(single, .95), "p95_ms")
			b.ReportMetric(pct(multi, .5), "filtered_p50_ms")
			b.ReportMetric(pct(multi, .95), "filtered_p95_ms")
			b.ReportMetric(pct(counts, .5), "count10k_p50_ms")
			b.ReportMetric(pct(counts, .95), "count10k_p95_ms")
			b.ReportMetric(pct(like, .5), "like_first50_p50_ms")
			b.ReportMetric(pct(likeFull, .5), "like_fullscan_p50_ms")
			b.ReportMetric(pct(likeFull, .5)/pct(single, .5), "speedup_vs_fullscan_p50_x")
			b.ReportMetric(pct(like, .95)/pct(single, .95), "speedup_vs_like_first50_p95_x")
			b.ReportMetric(plainInsertRate(b, kind, min(n, 50_000)), "insert_without_index_msgs/s")
			b.ReportMetric(rate, "insert_with_index_msgs/s")
			idx, text := indexShare(b, bk)
			b.ReportMetric(idx/text, "index/text_size")
		})
	}
}

func indexShare(b *testing.B, bk storetest.Backend) (idx, text float64) {
	a, t, err := bk.Store.SearchIndexSize(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return float64(a), float64(max(t, 1))
}

// plainInsertRate is the build-rate baseline: the same messages inserted
// into a fresh database with the same statements but no index update
// (a plain INSERT into messages).
func plainInsertRate(b *testing.B, kind string, n int) float64 {
	bk := storetest.Open(b, kind)
	ctx := context.Background()
	storetest.SeedCorp(b, bk.Store, "wwbench", "bench")
	msgs := corpus.Messages(43, "wwbench", n, 2000, 1)
	start := time.Now()
	for i := 0; i < n; i += 1000 {
		err := bk.Store.WithTx(ctx, func(ctx context.Context) error {
			for _, m := range msgs[i:min(i+1000, n)] {
				if err := bk.Store.ExecRaw(ctx, `INSERT INTO messages (corp_id, msgid, seq, publickey_ver, action, msgtype, from_id,
					tolist, roomid, conversation_id, msgtime, content, pre_msgid, has_media, parse_status, raw, meta, created_at)
					VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'ok', '{}', '{}', 0) ON CONFLICT (corp_id, msgid) DO NOTHING`,
					m.CorpID, m.MsgID, m.Seq, m.Action, m.MsgType, m.From, m.ToList, m.RoomID, m.ConversationID, m.MsgTime,
					m.Content, m.PreMsgID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

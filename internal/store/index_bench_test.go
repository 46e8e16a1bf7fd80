package store_test

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkIngestIndex: the index build rate. Messages go in pages of
// 1,000 per transaction like archive ingest, through InsertMessage (index
// updated in the same transaction) and through the page insert
// InsertMessages, beside the baseline of the same rows through the same
// INSERT with no index update, in fresh databases, interleaved over two
// rounds (best kept) so machine load hits all alike. The cpu_ rates divide
// by this process's CPU time (SQLite runs in-process), which a shared
// machine's load does not inflate. Also the index size as a share of the
// text size. WECOMADMIN_BENCH_INGEST sets the messages per run (30,000).
func BenchmarkIngestIndex(b *testing.B) {
	n := 30_000
	if v, err := strconv.Atoi(os.Getenv("WECOMADMIN_BENCH_INGEST")); err == nil && v > 0 {
		n = v
	}
	msgs := corpus.Messages(5, "wwbench", n, 2000, 1_735_689_600_000)
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			best := map[string][2]float64{}
			var share float64
			for range b.N {
				for range 2 {
					for _, mode := range []string{"plain", "row", "page"} {
						wall, cpu, sh := ingestRate(b, kind, msgs, mode)
						best[mode] = [2]float64{max(best[mode][0], wall), max(best[mode][1], cpu)}
						if mode == "row" {
							share = sh
						}
					}
				}
			}
			for mode, name := range map[string]string{"plain": "without_index", "row": "with_index", "page": "with_index_page"} {
				b.ReportMetric(best[mode][0], name+"_msgs/s")
				if kind == "sqlite" {
					b.ReportMetric(best[mode][1], name+"_cpu_msgs/s")
				}
			}
			b.ReportMetric(share, "index/text_size")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ingestRate(b *testing.B, kind string, msgs []store.Message, mode string) (wall, cpu, share float64) {
	bk := storetest.Open(b, kind)
	ctx := context.Background()
	storetest.SeedCorp(b, bk.Store, "wwbench", "bench")
	start, c0 := time.Now(), cpuTime()
	for i := 0; i < len(msgs); i += 1000 {
		page := msgs[i:min(i+1000, len(msgs))]
		err := bk.Store.WithTx(ctx, func(ctx context.Context) error {
			if mode == "page" {
				_, err := bk.Store.InsertMessages(ctx, page)
				return err
			}
			for _, m := range page {
				var err error
				if mode == "plain" {
					err = bk.Store.InsertMessageUnindexed(ctx, m)
				} else {
					_, err = bk.Store.InsertMessage(ctx, m)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	wall = float64(len(msgs)) / time.Since(start).Seconds()
	cpu = float64(len(msgs)) / (cpuTime() - c0).Seconds()
	if mode == "row" {
		idx, text, err := bk.Store.SearchIndexSize(ctx)
		if err != nil {
			b.Fatal(err)
		}
		share = float64(idx) / float64(max(text, 1))
	}
	return wall, cpu, share
}

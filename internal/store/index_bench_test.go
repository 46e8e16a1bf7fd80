package store_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkIngestIndex: messages/s through InsertMessage (index updated in
// the same transaction, pages of 1,000 like archive ingest) beside the same
// rows through a plain INSERT with no index update, in the same run.
func BenchmarkIngestIndex(b *testing.B) {
	n := 30_000
	if v, err := strconv.Atoi(os.Getenv("WECOMADMIN_BENCH_INGEST")); err == nil && v > 0 {
		n = v
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			for range b.N {
				msgs := corpus.Messages(5, "wwbench", n, 2000, 1_735_689_600_000)
				with := ingestRate(b, kind, msgs, false)
				without := ingestRate(b, kind, msgs, true)
				b.ReportMetric(with, "with_index_msgs/s")
				b.ReportMetric(without, "without_index_msgs/s")
			}
		})
	}
}

func ingestRate(b *testing.B, kind string, msgs []store.Message, plain bool) float64 {
	bk := storetest.Open(b, kind)
	ctx := context.Background()
	storetest.SeedCorp(b, bk.Store, "wwbench", "bench")
	start := time.Now()
	for i := 0; i < len(msgs); i += 1000 {
		err := bk.Store.WithTx(ctx, func(ctx context.Context) error {
			for _, m := range msgs[i:min(i+1000, len(msgs))] {
				var err error
				if plain {
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
	return float64(len(msgs)) / time.Since(start).Seconds()
}

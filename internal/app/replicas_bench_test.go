package app

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkServeReplicasIngest ingests the replica test's five corps (with
// media and faults) with 1 and with 3 portals built as `serve` builds them
// on one PostgreSQL, and reports messages/s from the first replica serving
// to every cursor at the end; the two runs are each other's baseline.
// WECOMADMIN_BENCH_REPLICA_MESSAGES sets the messages per corp (default 3000).
func BenchmarkServeReplicasIngest(b *testing.B) {
	perCorp := 3000
	if v, err := strconv.Atoi(os.Getenv("WECOMADMIN_BENCH_REPLICA_MESSAGES")); err == nil && v > 0 {
		perCorp = v
	}
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			var spent time.Duration
			for range b.N {
				spent += ingestWith(b, n, perCorp)
			}
			b.ReportMetric(float64(5*perCorp*b.N)/spent.Seconds(), "msgs/s")
		})
	}
}

// ingestWith times n replicas ingesting a fresh setup to the end. The
// benchmark timer keeps running through the setup: stopped, it would show
// the framework a near-zero op and it would raise b.N far past one run.
func ingestWith(b *testing.B, n, perCorp int) time.Duration {
	dsn := storetest.NewPostgresDB(b)
	cfg, corps, _ := replicaSetup(b, dsn, perCorp)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var reps []*servedReplica
	for range n {
		reps = append(reps, buildReplica(b, cfg)) // start-up is not timed
	}
	begin := time.Now()
	for _, r := range reps {
		r.serve()
	}
	deadline := time.Now().Add(30 * time.Minute)
	for i := 0; i < len(corps); {
		c, err := st.ArchiveCursor(ctx, corps[i].id)
		switch {
		case err != nil:
			b.Fatal(err)
		case c.Seq == int64(perCorp):
			i++
			continue
		case time.Now().After(deadline):
			b.Fatalf("%s stuck at seq %d of %d", corps[i].id, c.Seq, perCorp)
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(begin)
	for _, r := range reps {
		r.stop()
	}
	return took
}

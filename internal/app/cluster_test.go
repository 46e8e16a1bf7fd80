package app

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/store/storetest"
)

// TestClusterStatus: SQLite says it is one node; on PostgreSQL the status
// names this replica and the lease it holds.
func TestClusterStatus(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.DataDir = t.TempDir()
			cfg.DB = "sqlite:" + filepath.Join(cfg.DataDir, "w.db")
			if kind == "postgres" {
				cfg.DB = storetest.NewMigratedPostgresDB(t)
				cfg.DBRead = cfg.DB // a second, read-only pool on the same server
			}
			cfg.Cluster.LeaseTTL = config.Duration(5 * time.Second)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			a, err := Build(ctx, cfg, io.Discard, Info{Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if kind == "sqlite" {
				c, err := a.clusterStatus(ctx)
				if err != nil || c.Mode != "single_node" || a.Cluster != nil {
					t.Fatalf("sqlite cluster = %+v %v", c, err)
				}
				return
			}
			a.Cluster.Add("archive:wwtest", func(ctx context.Context) error { <-ctx.Done(); return nil })
			done := make(chan error, 1)
			go func() { done <- a.Cluster.Run(ctx) }()
			deadline := time.Now().Add(60 * time.Second)
			for len(a.Cluster.Holds()) == 0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			c, err := a.clusterStatus(ctx)
			if err != nil || c.Mode != "replicated" || c.Replica != a.Cluster.ID() || len(c.Replicas) != 1 {
				t.Fatalf("postgres cluster = %+v %v", c, err)
			}
			if d := c.Database; d == nil || !d.ReadPool || !d.MessagesPartitioned || d.MessagePartitions < 4 {
				t.Fatalf("database = %+v: want the read pool and month partitions", d)
			}
			if !slices.Equal(c.Replicas[0].Holds, []string{"archive:wwtest"}) || len(c.Leases) != 1 || c.Leases[0].Epoch != 1 {
				t.Fatalf("holds %v, leases %+v", c.Replicas[0].Holds, c.Leases)
			}
			cancel()
			<-done
		})
	}
}

package app

import (
	"context"
	"time"

	"wecomadmin/internal/lease"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store"
	"wecomadmin/internal/supervise"
)

// buildCluster makes the lease coordinator on PostgreSQL: replicas there
// share the archive ingest, one replica per corp at a time. SQLite is a
// single node and gets none.
func (a *App) buildCluster() {
	if a.Store.Dialect() != store.Postgres {
		return
	}
	a.Cluster = lease.New(a.Store, lease.Options{
		ID: a.Cfg.Cluster.ReplicaID, Version: a.info.Version, TTL: a.Cfg.Cluster.LeaseTTL.D(),
		Log: a.Log.With("component", "lease"),
	})
}

// runArchive runs a corp's ingest: under its lease on PostgreSQL, else at once.
func (a *App) runArchive(ctx context.Context, g *supervise.Group, corpID string, fn func(ctx context.Context) error) {
	if a.Cluster != nil {
		a.Cluster.Add(archiveLease(corpID), fn)
		return
	}
	g.Go(ctx, "archive-"+corpID, fn)
}

// exclusive runs a singleton task under its lease on PostgreSQL; nil on
// SQLite (one node: the task runs as it is).
func (a *App) exclusive() func(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	if a.Cluster == nil {
		return nil
	}
	return a.Cluster.Exclusive
}

// fence checks, in a committing transaction, that the task's lease is
// still this replica's; nil on SQLite.
func (a *App) fence() func(ctx context.Context) error {
	if a.Cluster == nil {
		return nil
	}
	return a.Cluster.Fence
}

func archiveLease(corpID string) string { return "archive:" + corpID }

// clusterStatus is the status report's cluster section.
func (a *App) clusterStatus(ctx context.Context) (status.Cluster, error) {
	if a.Cluster == nil {
		return status.Cluster{Mode: "single_node", Replica: "local",
			Note: "SQLite: one portal process; run PostgreSQL to add replicas"}, nil
	}
	c := status.Cluster{Mode: "replicated", Replica: a.Cluster.ID(), LeaseTTLSeconds: a.Cluster.TTL().Seconds(),
		Note: "ingest: one replica per corp (archive:CORP leases); periodic tasks: one job per slot, run under a task:NAME lease on one replica at a time"}
	reps, err := a.Store.LiveReplicas(ctx, a.Cluster.TTL())
	if err != nil {
		return c, err
	}
	db := &status.ClusterDB{ReadPool: a.Store.HasReadPool()}
	if db.MessagesPartitioned, err = a.Store.MessagesPartitioned(ctx); err != nil {
		return c, err
	}
	parts, err := a.Store.MessagePartitions(ctx)
	if err != nil {
		return c, err
	}
	if db.MessagePartitions = len(parts); len(parts) > 0 {
		db.NewestPartition = parts[0].Name
	}
	c.Database = db
	leases, err := a.Store.Leases(ctx)
	if err != nil {
		return c, err
	}
	now := time.Now()
	holds := map[string][]string{}
	c.Leases = make([]status.ClusterLease, 0, len(leases))
	for _, l := range leases {
		live := l.ExpiresAt > now.UnixMilli()
		c.Leases = append(c.Leases, status.ClusterLease{Name: l.Name, Holder: l.Holder, Epoch: l.Epoch,
			ExpiresAt: time.UnixMilli(l.ExpiresAt).UTC(), Live: live})
		if live {
			holds[l.Holder] = append(holds[l.Holder], l.Name)
		}
	}
	c.Replicas = make([]status.ClusterNode, 0, len(reps))
	for _, r := range reps {
		c.Replicas = append(c.Replicas, status.ClusterNode{ID: r.ID, Version: r.Version,
			StartedAt: time.UnixMilli(r.StartedAt).UTC(), SeenAt: time.UnixMilli(r.SeenAt).UTC(), Holds: append([]string{}, holds[r.ID]...)})
	}
	return c, nil
}

package status

import (
	"context"
	"time"
)

// Cluster says how work is shared: one node on SQLite, or replicas on
// PostgreSQL with who holds which lease.
type Cluster struct {
	Mode            string         `json:"mode"`    // single_node or replicated
	Replica         string         `json:"replica"` // the replica that answered
	LeaseTTLSeconds float64        `json:"lease_ttl_seconds,omitempty"`
	Replicas        []ClusterNode  `json:"replicas"`
	Leases          []ClusterLease `json:"leases"`
	Note            string         `json:"note,omitempty"`
	Database        *ClusterDB     `json:"database,omitempty"` // PostgreSQL only
}

// ClusterDB is how the replicas' PostgreSQL is laid out for scale.
type ClusterDB struct {
	ReadPool            bool   `json:"read_pool"`            // db_read serves search, threads, exports
	MessagesPartitioned bool   `json:"messages_partitioned"` // false: run db partition
	MessagePartitions   int    `json:"message_partitions"`   // month partitions
	NewestPartition     string `json:"newest_partition,omitempty"`
}

// ClusterNode is one live replica and the leases it holds.
type ClusterNode struct {
	ID        string    `json:"id"`
	Version   string    `json:"version"`
	StartedAt time.Time `json:"started_at"`
	SeenAt    time.Time `json:"seen_at"`
	Holds     []string  `json:"holds"`
}

// ClusterLease is one unit of singleton work (archive:<corp_id>).
type ClusterLease struct {
	Name      string    `json:"name"`
	Holder    string    `json:"holder"`
	Epoch     int64     `json:"epoch"`
	ExpiresAt time.Time `json:"expires_at"`
	Live      bool      `json:"live"`
}

// SetCluster gives the report its cluster section (the composition root
// knows the store and the lease coordinator).
func (s *Service) SetCluster(fn func(ctx context.Context) (Cluster, error)) { s.clusterFn = fn }

func (s *Service) cluster(ctx context.Context) *Cluster {
	if s.clusterFn == nil {
		return nil
	}
	c, err := s.clusterFn(ctx)
	if err != nil {
		c.Note = "cluster state unavailable: " + err.Error()
	}
	return &c
}

package config

import (
	"fmt"
	"time"
)

// Cluster tunes how replicas on one PostgreSQL share singleton work
// (ignored on SQLite, which is one node).
type Cluster struct {
	LeaseTTL  Duration `yaml:"lease_ttl"`  // a dead replica's corps move on within this (default 30s)
	ReplicaID string   `yaml:"replica_id"` // default: host name (the pod) and a random suffix
}

func clusterDefaults() Cluster { return Cluster{LeaseTTL: Duration(30 * time.Second)} }

func (c Cluster) validate() error {
	if c.LeaseTTL.D() < time.Second {
		return fmt.Errorf("config: cluster.lease_ttl: must be at least 1s")
	}
	return nil
}

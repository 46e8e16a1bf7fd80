// Package lease shares singleton work among the replicas of one portal on
// PostgreSQL. Each unit of work (a corp's archive ingest) has a lease row
// with an epoch; a replica runs the unit only while it holds the lease, and
// the work checks (holder, epoch) in the transaction that commits it (Fence),
// so a replica that stalled past its TTL and lost the lease cannot commit.
// Leases spread evenly: each replica holds at most ceil(units / replicas)
// and gives one back per round when it holds more (a replica joined).
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"wecomadmin/internal/store"
)

// Store is what the coordinator needs (*store.Store satisfies it).
type Store interface {
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (store.Lease, bool, error)
	RenewLease(ctx context.Context, name, holder string, epoch int64, ttl time.Duration) error
	ReleaseLease(ctx context.Context, name, holder string, epoch int64) error
	CheckLease(ctx context.Context, name, holder string, epoch int64, ttl time.Duration) error
	Leases(ctx context.Context) ([]store.Lease, error)
	HeartbeatReplica(ctx context.Context, id, version string) error
	LiveReplicas(ctx context.Context, ttl time.Duration) ([]store.Replica, error)
	LeaveReplica(ctx context.Context, id string) error
}

// Options tune a Coordinator; zero values give the defaults.
type Options struct {
	ID      string        // this replica (default hostname-random)
	Version string        // shown in status
	TTL     time.Duration // a dead replica's leases free up within this (default 30 s)
	Tick    time.Duration // renew and balance round (default TTL/3)
	Log     *slog.Logger
}

// Coordinator runs the units this replica holds.
type Coordinator struct {
	st Store
	o  Options

	mu     sync.Mutex
	units  map[string]*unit
	wake   chan struct{}
	killed atomic.Bool
	giving sync.WaitGroup // give-backs in progress (see giveBack)
}

type unit struct {
	name    string
	fn      func(ctx context.Context) error
	epoch   int64 // 0: not held
	running bool
	// stopping: being given back; still renewed until its work has ended,
	// so no other replica can start it while this one still runs it.
	stopping bool
	cancel   context.CancelFunc
	done     chan struct{}
}

// New returns a coordinator; Add units, then Run.
func New(st Store, o Options) *Coordinator {
	if o.TTL <= 0 {
		o.TTL = 30 * time.Second
	}
	if o.Tick <= 0 {
		o.Tick = o.TTL / 3
	}
	if o.ID == "" {
		o.ID = ReplicaID()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Coordinator{st: st, o: o, units: map[string]*unit{}, wake: make(chan struct{}, 1)}
}

// ReplicaID is the host name (the pod name on Kubernetes) and a random
// suffix, so a restarted pod never inherits its predecessor's epochs.
func ReplicaID() string {
	h, _ := os.Hostname()
	if h == "" {
		h = "replica"
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return h + "-" + hex.EncodeToString(b)
}

// ID is this replica's id.
func (c *Coordinator) ID() string { return c.o.ID }

// TTL is the lease time to live.
func (c *Coordinator) TTL() time.Duration { return c.o.TTL }

// Add registers a unit of singleton work; fn runs while this replica holds
// the lease and must return soon after its ctx ends. Add may be called
// while Run runs (a corp added in the UI).
func (c *Coordinator) Add(name string, fn func(ctx context.Context) error) {
	c.mu.Lock()
	c.units[name] = &unit{name: name, fn: fn}
	c.mu.Unlock()
	c.poke()
}

// Remove stops a unit if it runs here and gives its lease back.
func (c *Coordinator) Remove(ctx context.Context, name string) {
	c.mu.Lock()
	u := c.units[name]
	delete(c.units, name)
	c.mu.Unlock()
	if u != nil {
		c.stop(ctx, u, true)
	}
}

func (c *Coordinator) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

type tokenKey struct{}

type token struct {
	name, holder string
	epoch        int64
}

// Fence confirms, inside the caller's transaction (ctx carries it), that
// the unit whose ctx this is still holds its lease. Work started outside
// the coordinator (a single node on SQLite, a CLI run) has no token and is
// not fenced.
func (c *Coordinator) Fence(ctx context.Context) error {
	t, ok := ctx.Value(tokenKey{}).(token)
	if !ok {
		return nil
	}
	if err := c.st.CheckLease(ctx, t.name, t.holder, t.epoch, c.o.TTL); err != nil {
		return fmt.Errorf("lease: fence: %w", err)
	}
	return nil
}

// Holds reports the units this replica runs now, by name.
func (c *Coordinator) Holds() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for n, u := range c.units {
		if u.epoch > 0 {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

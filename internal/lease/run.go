package lease

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"wecomadmin/internal/store"
)

// Run heartbeats, renews what it holds, takes free leases up to its fair
// share and gives back what is over it, every Tick, until ctx ends; then it
// stops its units and releases their leases so others take over at once.
func (c *Coordinator) Run(ctx context.Context) error {
	t := time.NewTicker(c.o.Tick)
	defer t.Stop()
	for {
		if err := c.round(ctx); err != nil && ctx.Err() == nil {
			c.o.Log.Warn("lease: round failed", "replica", c.o.ID, "err", err)
		}
		select {
		case <-ctx.Done():
			if !c.killed.Load() {
				c.shutdown()
			}
			return nil
		case <-t.C:
		case <-c.wake:
		}
	}
}

// Kill stops every unit without releasing a lease or leaving, as a
// replica that dies would (tests); its leases free up after the TTL.
func (c *Coordinator) Kill() {
	c.killed.Store(true)
	for _, u := range c.snapshot() {
		c.stop(context.Background(), u, false)
	}
}

func (c *Coordinator) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	defer c.giving.Wait()
	for _, u := range c.snapshot() {
		c.stop(ctx, u, true)
	}
	if err := c.st.LeaveReplica(ctx, c.o.ID); err != nil {
		c.o.Log.Warn("lease: leave", "replica", c.o.ID, "err", err)
	}
}

func (c *Coordinator) snapshot() []*unit {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*unit, 0, len(c.units))
	for _, u := range c.units {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b *unit) int { return strings.Compare(a.name, b.name) })
	return out
}

// round is one heartbeat: renew, then balance.
func (c *Coordinator) round(ctx context.Context) error {
	if c.killed.Load() {
		return nil
	}
	if err := c.st.HeartbeatReplica(ctx, c.o.ID, c.o.Version); err != nil {
		return err
	}
	units := c.snapshot()
	held := 0
	for _, u := range units {
		if c.epoch(u) == 0 {
			continue
		}
		if err := c.st.RenewLease(ctx, u.name, c.o.ID, c.epoch(u), c.o.TTL); err != nil {
			c.o.Log.Warn("lease: lost", "lease", u.name, "replica", c.o.ID, "err", err)
			c.stop(ctx, u, false)
			continue
		}
		c.ensureRunning(ctx, u)
		held++
	}
	share, err := c.share(ctx, units)
	if err != nil {
		return err
	}
	if held > share {
		// Give back one per round: the newest-named held unit.
		for i := len(units) - 1; i >= 0; i-- {
			if c.epoch(units[i]) > 0 {
				c.o.Log.Info("lease: rebalance, giving back", "lease", units[i].name, "replica", c.o.ID, "share", share)
				c.giveBack(ctx, units[i])
				return nil
			}
		}
	}
	for _, u := range units {
		if held >= share || c.killed.Load() {
			break
		}
		if c.epoch(u) > 0 {
			continue
		}
		l, ok, err := c.st.AcquireLease(ctx, u.name, c.o.ID, c.o.TTL)
		if err != nil {
			return err
		}
		if ok {
			c.start(ctx, u, l)
			held++
		}
	}
	return nil
}

// share is ceil(units / live replicas); units are those any replica
// registered (lease rows, but not tasks') plus ours not yet in a row.
func (c *Coordinator) share(ctx context.Context, units []*unit) (int, error) {
	live, err := c.st.LiveReplicas(ctx, c.o.TTL)
	if err != nil {
		return 0, err
	}
	rows, err := c.st.Leases(ctx)
	if err != nil {
		return 0, err
	}
	names := map[string]bool{}
	for _, l := range rows {
		if !strings.HasPrefix(l.Name, TaskPrefix) { // one-run task leases are not balanced
			names[l.Name] = true
		}
	}
	for _, u := range units {
		names[u.name] = true
	}
	n := max(len(live), 1)
	return (len(names) + n - 1) / n, nil
}

func (c *Coordinator) epoch(u *unit) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return u.epoch
}

func (c *Coordinator) start(ctx context.Context, u *unit, l store.Lease) {
	c.mu.Lock()
	u.epoch = l.Epoch
	c.mu.Unlock()
	c.o.Log.Info("lease: acquired", "lease", u.name, "replica", c.o.ID, "epoch", l.Epoch)
	c.ensureRunning(ctx, u)
}

// ensureRunning (re)starts a held unit's work: fn returning early (an
// error) is retried on the next round while the lease is held.
func (c *Coordinator) ensureRunning(ctx context.Context, u *unit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if u.running || u.stopping || u.epoch == 0 || c.killed.Load() {
		return
	}
	wctx := context.WithValue(context.WithoutCancel(ctx), tokenKey{}, token{name: u.name, holder: c.o.ID, epoch: u.epoch})
	wctx, cancel := context.WithCancel(wctx)
	u.running, u.cancel, u.done = true, cancel, make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				c.o.Log.Error("lease: unit panicked", "lease", u.name, "panic", p)
			}
			c.mu.Lock()
			u.running = false
			c.mu.Unlock()
		}()
		if err := u.fn(wctx); err != nil && wctx.Err() == nil {
			c.o.Log.Warn("lease: unit ended", "lease", u.name, "err", err)
		}
	}(u.done)
}

// giveBack stops a unit without holding up the rounds: waiting here for a
// long page to commit would delay the renewal of every other lease this
// replica holds past its TTL, and another replica would then start pulling
// a corp this one is still pulling. Until the work has ended the unit stays
// held and is renewed; then its lease is released.
func (c *Coordinator) giveBack(ctx context.Context, u *unit) {
	c.mu.Lock()
	if u.stopping {
		c.mu.Unlock()
		return
	}
	u.stopping = true
	c.mu.Unlock()
	c.giving.Add(1)
	go func() {
		defer c.giving.Done()
		c.stop(context.WithoutCancel(ctx), u, true)
		c.mu.Lock()
		u.stopping = false
		c.mu.Unlock()
	}()
}

// stop cancels the unit's work, waits for it, and releases the lease when
// release is true (a lease already lost is not released).
func (c *Coordinator) stop(ctx context.Context, u *unit, release bool) {
	c.mu.Lock()
	epoch, cancel, done := u.epoch, u.cancel, u.done
	if !u.stopping {
		u.epoch = 0
	}
	u.cancel = nil
	c.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	c.mu.Lock()
	if u.epoch == epoch {
		u.epoch = 0 // a unit given back was renewed until here
	}
	c.mu.Unlock()
	if release && epoch > 0 {
		if err := c.st.ReleaseLease(ctx, u.name, c.o.ID, epoch); err != nil && !errors.Is(err, store.ErrWorkLeaseLost) {
			c.o.Log.Warn("lease: release", "lease", u.name, "err", err)
		}
	}
}

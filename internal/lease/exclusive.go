package lease

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wecomadmin/internal/store"
)

// TaskPrefix starts the lease name of a singleton task run by Exclusive.
// Those leases are taken for one run, not balanced: the fair share of the
// long-running units (a corp's ingest) does not count them.
const TaskPrefix = "task:"

// Exclusive runs fn only while this replica holds the task's lease
// ("task:"+name), so a singleton periodic task (retention sweep, consent
// sync, reconciliation, ...) runs on one replica at a time even when its
// runs overlap (a slot that outlasts its interval, a "run now", a job
// taken over after its worker stalled). ran is false, with no error, when
// another replica holds the lease: the task is running there. The lease is
// renewed every Tick while fn runs; if it is lost, fn's context is
// cancelled, and Fence in fn's transactions refuses the commit. A replica
// that dies holding it frees it within the TTL.
func (c *Coordinator) Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) (ran bool, err error) {
	name = TaskPrefix + name
	l, ok, err := c.st.AcquireLease(ctx, name, c.o.ID, c.o.TTL)
	if err != nil || !ok {
		return false, err
	}
	c.o.Log.Info("lease: task acquired", "lease", name, "replica", c.o.ID, "epoch", l.Epoch)
	wctx, cancel := context.WithCancelCause(context.WithValue(ctx, tokenKey{}, token{name: name, holder: c.o.ID, epoch: l.Epoch}))
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		c.renewTask(wctx, name, l.Epoch, cancel)
	}()
	err = fn(wctx)
	cancel(nil)
	<-renewed
	rctx, done := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer done()
	if rerr := c.st.ReleaseLease(rctx, name, c.o.ID, l.Epoch); rerr != nil && !errors.Is(rerr, store.ErrWorkLeaseLost) {
		c.o.Log.Warn("lease: task release", "lease", name, "err", rerr)
	}
	if cause := context.Cause(wctx); err != nil && errors.Is(cause, store.ErrWorkLeaseLost) {
		err = fmt.Errorf("%w (%w)", err, cause)
	}
	return true, err
}

// renewTask renews a task's lease every Tick until ctx ends; losing it
// cancels the task.
func (c *Coordinator) renewTask(ctx context.Context, name string, epoch int64, cancel context.CancelCauseFunc) {
	t := time.NewTicker(c.o.Tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := c.st.RenewLease(ctx, name, c.o.ID, epoch, c.o.TTL)
		switch {
		case errors.Is(err, store.ErrWorkLeaseLost):
			c.o.Log.Warn("lease: task lease lost; stopping it", "lease", name, "replica", c.o.ID)
			cancel(fmt.Errorf("lease: task %s: %w", name, err))
			return
		case err != nil && ctx.Err() == nil:
			c.o.Log.Warn("lease: task renew", "lease", name, "err", err) // retried next tick, within the TTL
		}
	}
}

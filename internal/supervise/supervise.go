// Package supervise starts long-lived goroutines that recover and log
// panics and join one shutdown wait group.
package supervise

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
)

// Group runs named goroutines until their context ends.
type Group struct {
	log *slog.Logger
	wg  sync.WaitGroup
	mu  sync.Mutex
	err error
}

// NewGroup returns an empty group.
func NewGroup(log *slog.Logger) *Group { return &Group{log: log} }

// Go runs fn in a goroutine. A panic is recovered, logged with its stack and
// kept as the group's error; it does not take the process down.
func (g *Group) Go(ctx context.Context, name string, fn func(ctx context.Context) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				g.log.Error("goroutine panicked", "routine", name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				g.setErr(fmt.Errorf("%s: panic: %v", name, p))
			}
		}()
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			g.log.Error("routine stopped", "routine", name, "err", err)
			g.setErr(fmt.Errorf("%s: %w", name, err))
		}
	}()
}

func (g *Group) setErr(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err == nil {
		g.err = err
	}
}

// Wait blocks until every goroutine has returned and reports the first failure.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

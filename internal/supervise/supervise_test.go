package supervise

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestPanicIsRecoveredAndReported(t *testing.T) {
	t.Parallel()
	g := NewGroup(slog.New(slog.DiscardHandler))
	ctx := context.Background()
	g.Go(ctx, "ok", func(context.Context) error { return nil })
	g.Go(ctx, "boom", func(context.Context) error { panic("kaboom") })
	err := g.Wait()
	if err == nil || !strings.Contains(err.Error(), "boom: panic: kaboom") {
		t.Fatalf("Wait() = %v", err)
	}
}

func TestErrorAfterCancelIsNotAFailure(t *testing.T) {
	t.Parallel()
	g := NewGroup(slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	g.Go(ctx, "loop", func(ctx context.Context) error { <-ctx.Done(); return errors.New("stopped") })
	cancel()
	if err := g.Wait(); err != nil {
		t.Fatalf("Wait() = %v, want nil", err)
	}
}

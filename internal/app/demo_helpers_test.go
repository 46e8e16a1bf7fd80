package app_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"wecomadmin/internal/app"
)

// syncBuffer is a log sink read while the portal still writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runDemo starts the demo (portal and simulator on loopback ports, data in a
// temporary directory) and runs it until the test ends; a failing test
// prints the demo's log. The context ends when the test does.
func runDemo(t *testing.T, o app.DemoOptions) (*app.Demo, context.Context) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("demo log:\n%s", logs.String())
		}
	})
	o.Addr, o.DataDir, o.Log = "127.0.0.1:0", t.TempDir(), &logs
	if o.Version == "" {
		o.Version = "test"
	}
	d, err := app.StartDemo(ctx, o)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo shut down with %v", err)
		}
	})
	return d, ctx
}

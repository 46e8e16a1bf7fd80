package media_test

import (
	"context"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/media"
	"wecomadmin/internal/media/scan"
)

// downScanner is a clamd that is down until up is set.
type downScanner struct{ up atomic.Bool }

func (d *downScanner) Scan(_ context.Context, r io.Reader) (scan.Verdict, error) {
	if !d.up.Load() {
		return scan.Verdict{}, scan.ErrUnavailable
	}
	_, err := io.Copy(io.Discard, r)
	return scan.Verdict{}, err
}

func (d *downScanner) Version(context.Context) (string, error) { return "fake", nil }

// clamd down: the file waits unscanned, retried, then not served; once
// clamd is back the periodic rescan makes it clean and servable.
func TestClamdDownThenRescan(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	sc := &downScanner{}
	r := newRig(t, rigOpts{src: simSource(s), deps: func(d *media.Deps) { d.Scanner = sc }})
	r.enqueue(t, "m1", "alice", s.add("doc", "file", "a.pdf", []byte("%PDF-1.4 x")))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateUnscanned || m.Attempts != fastPolicy().MaxAttempts || m.LastError == "" {
		t.Fatalf("%+v", m)
	}
	if _, err := r.svc.Open(adminCtx(), m.ID, media.Original, ""); err != media.ErrUnscanned {
		t.Fatalf("open unscanned: %v", err)
	}
	sc.up.Store(true)
	if err := r.svc.Rescan(context.Background(), []string{testCorp}); err != nil {
		t.Fatal(err)
	}
	r.wait(t, 3*time.Minute)
	if m = r.all(t)[0]; m.State != media.StateClean || m.ScanResult != "clean" || m.LastError != "" {
		t.Fatalf("after rescan %+v", m)
	}
	op, err := r.svc.Open(adminCtx(), m.ID, media.Original, "")
	if err != nil {
		t.Fatal(err)
	}
	op.Object.Close()
}

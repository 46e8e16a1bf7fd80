package jobs_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
)

// Environment of the re-executed test binary acting as a worker that dies.
const (
	envChildDSN    = "WECOMADMIN_JOBS_TEST_CHILD_DSN"
	envChildMarker = "WECOMADMIN_JOBS_TEST_CHILD_MARKER"
	killLease      = time.Second
)

func TestMain(m *testing.M) {
	if dsn := os.Getenv(envChildDSN); dsn != "" {
		os.Exit(runDoomedWorker(dsn, os.Getenv(envChildMarker)))
	}
	os.Exit(m.Run())
}

// runDoomedWorker is the child process: a real runner that claims the job,
// notes that its handler started, and blocks until the parent kills it.
func runDoomedWorker(dsn, marker string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	r := jobs.New(st, jobs.Options{Workers: 1, Lease: killLease, PollInterval: 20 * time.Millisecond})
	r.Register("kill.test", func(ctx context.Context, j jobs.Job, p *jobs.Progress) error {
		f, err := os.OpenFile(marker, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		fmt.Fprintf(f, "started job %d attempt %d pid %d\n", j.ID, j.Attempt, os.Getpid())
		_ = f.Close()
		p.Update(1, 2, "half way")
		select {} // work "forever": the parent SIGKILLs us here
	}, jobs.Policy{})
	r.Start(ctx, supervise.NewGroup(slog.New(slog.DiscardHandler)))
	select {}
}

// A job whose worker process is killed mid-run is run again, exactly once,
// by another worker once the dead worker's lease has expired.
func TestKilledWorkerJobIsRerunAfterLeaseExpiry(t *testing.T) {
	loadtest.Gate(t)
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		id, _, err := b.Store.EnqueueJob(ctx, store.NewJob{Kind: "kill.test", Payload: `{"file":"a.amr"}`})
		if err != nil {
			t.Fatal(err)
		}
		marker := filepath.Join(t.TempDir(), "marker")
		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), envChildDSN+"="+b.DSN, envChildMarker+"="+marker)
		child.Stderr = os.Stderr
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		waitForLine(t, marker)
		running, err := b.Store.GetJob(ctx, id)
		if err != nil || running.State != store.JobRunning || running.Attempts != 1 {
			t.Fatalf("before kill: %+v %v", running, err)
		}
		if err := child.Process.Kill(); err != nil { // SIGKILL: no cleanup, no deferred code
			t.Fatal(err)
		}
		_ = child.Wait()
		if j, _ := b.Store.GetJob(ctx, id); j.State != store.JobRunning || j.LeaseOwner != running.LeaseOwner {
			t.Fatalf("after kill the job should still be leased to the dead worker: %+v", j)
		}

		var runs atomic.Int32
		var sawAttempt atomic.Int32
		r := jobs.New(b.Store, jobs.Options{Workers: 2, Lease: 10 * time.Second, PollInterval: 50 * time.Millisecond, Log: testLog(t), OnOutcome: settled.hook})
		r.Register("kill.test", func(_ context.Context, j jobs.Job, p *jobs.Progress) error {
			runs.Add(1)
			sawAttempt.Store(int32(j.Attempt))
			p.SetResult("recovered")
			return nil
		}, jobs.Policy{})
		stop := start(t, r)
		done := waitJob(t, b.Store, id, store.JobSucceeded)
		// Let a would-be duplicate claim have its chance before counting.
		time.Sleep(3 * killLease)
		stop()
		if n := runs.Load(); n != 1 {
			t.Fatalf("the surviving worker ran the job %d times; want exactly 1", n)
		}
		if done.Attempts != 2 || sawAttempt.Load() != 2 || done.Result != "recovered" || done.LeaseOwner != "" {
			t.Fatalf("recovered job: %+v (handler saw attempt %d)", done, sawAttempt.Load())
		}
		if lines := readLines(t, marker); len(lines) != 1 {
			t.Fatalf("doomed worker started %d times: %q", len(lines), lines)
		}
	})
}

func waitForLine(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for len(readLines(t, path)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the child worker never started the job")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

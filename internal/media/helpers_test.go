package media_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"log/slog"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/media"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecomsim/archivesim"
)

const testCorp = "wwsimcorp0000001"

// rates is a fault injector with fixed rates, deterministic per name.
type rates struct {
	mu sync.Mutex
	r  map[string]float64
	n  map[string]int
}

func newRates(r map[string]float64) *rates { return &rates{r: r, n: map[string]int{}} }

// Hit fires on a fixed pattern: with rate 0.2 every 5th call, etc.
func (f *rates) Hit(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	rate := f.r[name]
	if rate <= 0 {
		return false
	}
	f.n[name]++
	every := int(1/rate + 0.5)
	return every <= 1 || f.n[name]%every == 0
}

// sim is a simulator archive serving media over HTTP.
type sim struct {
	arch *archivesim.Archive
	url  string
}

func newSim(t testing.TB, faults archivesim.Faults) *sim {
	t.Helper()
	a := archivesim.NewArchive(nil)
	// A "timeout" fault holds until the client gives up (its Timeout below).
	srv := archivesim.NewServer(a, archivesim.Config{CorpID: testCorp, Secret: "sim", Faults: faults, TimeoutDelay: time.Minute})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &sim{arch: a, url: hs.URL}
}

func (s *sim) client() *finance.SimClient {
	c := finance.NewSimClient(s.url, testCorp, "sim")
	// Per call. 500 ms timed healthy chunk calls out under -race on a loaded
	// machine, until files failed every attempt; only a held call (a
	// "timeout" fault) should ever reach this.
	c.Timeout = 5 * time.Second
	return c
}

// add stores a file in the simulator and returns its media reference.
func (s *sim) add(id, kind, filename string, data []byte) archive.MediaRef {
	s.arch.AddMedia(id, data)
	sum := md5.Sum(data)
	return archive.MediaRef{SDKFileID: id, Kind: kind, Filename: filename, Size: int64(len(data)), MD5: hex.EncodeToString(sum[:])}
}

// auditLog remembers audit events.
type auditLog struct {
	mu sync.Mutex
	ev []audit.Event
}

func (a *auditLog) Record(_ context.Context, e audit.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ev = append(a.ev, e)
	return nil
}

func (a *auditLog) actions() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, e := range a.ev {
		out = append(out, e.Action+":"+e.Outcome+":"+e.Reason)
	}
	return out
}

// rig is a pipeline on a fresh store with a job runner.
type rig struct {
	ctx    context.Context
	st     *store.Store
	svc    *media.Service
	runner *jobs.Runner
	bucket blob.Bucket
	audit  *auditLog
	cancel context.CancelFunc
	group  *supervise.Group
}

type rigOpts struct {
	src     func(corpID string) (media.Fetcher, error)
	deps    func(d *media.Deps)
	opts    media.Options
	bucket  blob.Bucket
	backend string
	st      *store.Store // reuse this store instead of a fresh one
}

func fastPolicy() jobs.Policy {
	return jobs.Policy{InitialDelay: 20 * time.Millisecond, Multiplier: 2, MaxDelay: 200 * time.Millisecond,
		MaxAttempts: 6, Timeout: time.Minute, Concurrency: 4}
}

func newRig(t testing.TB, o rigOpts) *rig {
	t.Helper()
	if o.backend == "" {
		o.backend = "sqlite"
	}
	var b storetest.Backend
	if o.st != nil {
		b.Store = o.st
	} else {
		b = storetest.Open(t, o.backend)
		storetest.SeedCorp(t, b.Store, testCorp, "main")
	}
	if o.bucket == nil {
		lb, err := local.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		o.bucket = lb
	}
	if o.opts.Policy == (jobs.Policy{}) {
		o.opts.Policy = fastPolicy()
	}
	if o.opts.ChunkRetry == (media.ChunkRetry{}) {
		o.opts.ChunkRetry = media.ChunkRetry{Attempts: 3, Initial: 5 * time.Millisecond, Max: 50 * time.Millisecond}
	}
	o.opts.TempDir = t.TempDir()
	// A lease no download outlives on a loaded machine: an expired one is
	// claimed again and the file fetched twice.
	runner := jobs.New(b.Store, jobs.Options{Workers: 4, Lease: time.Minute, PollInterval: 20 * time.Millisecond})
	al := &auditLog{}
	d := media.Deps{Store: b.Store, Jobs: runner, Blob: o.bucket, Source: o.src, Audit: al,
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))}
	if o.deps != nil {
		o.deps(&d)
	}
	svc := media.New(d, o.opts)
	svc.Register()
	ctx, cancel := context.WithCancel(context.Background())
	g := supervise.NewGroup(slog.New(slog.DiscardHandler))
	r := &rig{ctx: ctx, st: b.Store, svc: svc, runner: runner, bucket: o.bucket, audit: al, cancel: cancel, group: g}
	t.Cleanup(func() { cancel(); _ = g.Wait() })
	return r
}

func (r *rig) start() { r.runner.Start(r.ctx, r.group) }

// enqueue stores a message row (sent by userid from) and its media job.
func (r *rig) enqueue(t testing.TB, msgid, from string, ref archive.MediaRef) {
	t.Helper()
	ctx := context.Background()
	err := r.st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := r.st.InsertMessage(ctx, store.Message{CorpID: testCorp, MsgID: msgid, Action: "send",
			MsgType: ref.Kind, From: from, ToList: `["external1"]`, HasMedia: 1}); err != nil {
			return err
		}
		return r.svc.EnqueueMedia(ctx, testCorp, msgid, ref)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wait blocks until no media job is queued or running.
func (r *rig) wait(t testing.TB, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		counts, err := r.st.JobCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		busy := int64(0)
		for _, c := range counts {
			if c.Kind == media.KindDownload && (c.State == store.JobQueued || c.State == store.JobRunning) {
				busy += c.N
			}
		}
		if busy == 0 {
			return
		}
		time.Sleep(30 * time.Millisecond)
	}
	t.Fatalf("media jobs still running after %v", within)
}

func (r *rig) all(t testing.TB) []store.Media {
	t.Helper()
	ms, err := r.st.ListMedia(context.Background(), store.MediaFilter{CorpID: testCorp, Scope: store.DeptScope{All: true}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func simSource(s *sim) func(string) (media.Fetcher, error) {
	c := s.client()
	return func(string) (media.Fetcher, error) { return c, nil }
}

// waitFast is wait with a short poll, for benchmarks.
func (r *rig) waitFast(t testing.TB, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		counts, err := r.st.JobCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		busy := false
		for _, c := range counts {
			busy = busy || c.Kind == media.KindDownload && (c.State == store.JobQueued || c.State == store.JobRunning) && c.N > 0
		}
		if !busy {
			return
		}
		time.Sleep(3 * time.Millisecond)
	}
	t.Fatalf("media jobs still running after %v", within)
}

func archiveRef(id, md5sum string, size int64) archive.MediaRef {
	return archive.MediaRef{SDKFileID: id, Kind: "file", Filename: id + ".bin", Size: size, MD5: md5sum}
}

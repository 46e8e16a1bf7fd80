package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"wecomadmin/internal/metrics"
	"wecomadmin/internal/store"
	"wecomadmin/internal/supervise"
)

// Options configure a Runner. Zero fields take the defaults noted.
type Options struct {
	Workers       int           // jobs running at once in this process (4)
	Lease         time.Duration // how long a claim holds without renewal (2m)
	PollInterval  time.Duration // how often an idle worker looks for work (1s)
	ShutdownGrace time.Duration // how long running handlers may finish at shutdown (15s)
	Defaults      Policy        // per-kind defaults (2s, x2, 10m, 10 attempts, 1h timeout, Workers)
	Log           *slog.Logger
	Metrics       *metrics.Metrics // optional
	Now           func() time.Time // clock for retry times (time.Now)
	// OnOutcome, when set, is called after each attempt's outcome is
	// recorded (OutcomeSucceeded, OutcomeRetry, OutcomeDead, OutcomeLost,
	// OutcomeAbandoned): the completion hook a caller (a test) waits on
	// instead of polling the job. It must not block.
	OnOutcome func(kind string, id int64, outcome string)
	// After is the timer of the shutdown grace (time.After); a test ends
	// the grace on an event instead of waiting it out.
	After func(time.Duration) <-chan time.Time
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 15 * time.Second
	}
	o.Defaults = o.Defaults.withDefaults(Policy{InitialDelay: 2 * time.Second, Multiplier: 2, MaxDelay: 10 * time.Minute,
		MaxAttempts: store.DefaultJobMaxAttempts, Timeout: time.Hour, Concurrency: o.Workers})
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

type registration struct {
	h      Handler
	policy Policy
}

// Runner runs registered handlers on a pool of workers.
type Runner struct {
	st       Store
	o        Options
	id       string
	seq      atomic.Int64
	wake     chan struct{}
	rnd      func(n int64) int64
	started  atomic.Bool
	mu       sync.Mutex // guards inflight, and handlers while registering
	inflight map[string]int
	handlers map[string]registration
	periodic []*periodicTask
	// exclusive, when set (several replicas on PostgreSQL), runs each
	// periodic task under a cluster-wide lease (SetExclusive).
	exclusive Exclusive
}

// New builds a runner over st. Register handlers, then Start it.
func New(st Store, o Options) *Runner {
	o = o.withDefaults()
	var b [4]byte
	_, _ = rand.Read(b[:])
	host, _ := os.Hostname()
	r := &Runner{
		st: st, o: o, id: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:])),
		wake: make(chan struct{}, 1), rnd: defaultRand,
		inflight: map[string]int{}, handlers: map[string]registration{},
	}
	if o.Metrics != nil {
		if err := o.Metrics.Register(newDepthCollector(st)); err != nil {
			o.Log.Warn("jobs: queue depth metric not registered", "err", err)
		}
	}
	return r
}

// Register sets the handler and policy of a kind. It must be called before
// Start; registering a kind twice is a programming error and panics.
func (r *Runner) Register(kind string, h Handler, p Policy) {
	if r.started.Load() {
		panic("jobs: Register after Start: " + kind)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.handlers[kind]; dup || kind == "" || h == nil {
		panic("jobs: bad or duplicate registration of kind " + kind)
	}
	r.handlers[kind] = registration{h: h, policy: p.withDefaults(r.o.Defaults)}
}

// Enqueue adds a job and wakes an idle worker. It joins a transaction
// carried by ctx (see store.WithTx). Its attempts come from the kind's
// registered policy (or the defaults when this process has no handler).
func (r *Runner) Enqueue(ctx context.Context, j NewJob) (int64, error) {
	payload, err := marshalPayload(j.Payload)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", j.Kind, err)
	}
	id, _, err := r.st.EnqueueJob(ctx, store.NewJob{
		Kind: j.Kind, CorpID: j.CorpID, DedupeKey: j.DedupeKey, Payload: payload,
		RunAt: j.RunAt, Priority: j.Priority, MaxAttempts: r.policy(j.Kind).MaxAttempts,
	})
	if err != nil {
		return 0, err
	}
	r.signal()
	return id, nil
}

func marshalPayload(v any) (string, error) {
	switch p := v.(type) {
	case nil:
		return "{}", nil
	case json.RawMessage:
		return string(p), nil
	case []byte:
		return string(p), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("marshal payload: %w", err)
	}
	return string(b), nil
}

func (r *Runner) policy(kind string) Policy {
	r.mu.Lock()
	defer r.mu.Unlock()
	if reg, ok := r.handlers[kind]; ok {
		return reg.policy
	}
	return r.o.Defaults
}

// signal wakes one idle worker, if any is waiting.
func (r *Runner) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Start launches the workers and the periodic scheduler in g. They stop
// claiming when ctx ends; running handlers get ShutdownGrace to finish,
// after which they are abandoned and their leases left to expire.
func (r *Runner) Start(ctx context.Context, g *supervise.Group) {
	r.started.Store(true)
	for i := range r.o.Workers {
		g.Go(ctx, fmt.Sprintf("jobs.worker.%d", i), r.worker)
	}
	if len(r.periodic) > 0 {
		g.Go(ctx, "jobs.scheduler", r.schedule)
	}
	r.o.Log.Info("jobs: runner started", "runner", r.id, "workers", r.o.Workers, "kinds", len(r.handlers))
}

func (r *Runner) worker(ctx context.Context) error {
	for ctx.Err() == nil {
		j, ok := r.claimNext(ctx)
		if !ok {
			r.idle(ctx)
			continue
		}
		r.signal() // there may be more: let another idle worker look
		r.execute(ctx, j)
		r.release(j.Kind)
	}
	return nil
}

func (r *Runner) idle(ctx context.Context) {
	t := time.NewTimer(r.o.PollInterval)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-r.wake:
	case <-t.C:
	}
}

// claimNext reserves a slot in every kind below its concurrency, claims a
// job of one of them, and gives the other reservations back.
func (r *Runner) claimNext(ctx context.Context) (store.Job, bool) {
	r.mu.Lock()
	var kinds []string
	for k, reg := range r.handlers {
		if r.inflight[k] < reg.policy.Concurrency {
			r.inflight[k]++
			kinds = append(kinds, k)
		}
	}
	r.mu.Unlock()
	if len(kinds) == 0 {
		return store.Job{}, false
	}
	slices.Sort(kinds)
	owner := fmt.Sprintf("%s/%d", r.id, r.seq.Add(1))
	// Not cancelled by shutdown: a claim committed as ctx ends must not be
	// lost between the database and us (it would wait out a whole lease).
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	j, err := r.st.ClaimJob(cctx, store.ClaimRequest{Owner: owner, Kinds: kinds, Lease: r.o.Lease})
	cancel()
	r.mu.Lock()
	for _, k := range kinds {
		if err != nil || k != j.Kind {
			r.inflight[k]--
		}
	}
	r.mu.Unlock()
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			r.o.Log.Error("jobs: claim failed", "err", err)
		}
		return store.Job{}, false
	}
	return j, true
}

func (r *Runner) release(kind string) {
	r.mu.Lock()
	r.inflight[kind]--
	r.mu.Unlock()
}

// count records an attempt's outcome: the metric, then the hook.
func (r *Runner) count(j store.Job, outcome string) {
	if r.o.Metrics != nil {
		r.o.Metrics.JobRuns.WithLabelValues(j.Kind, outcome).Inc()
	}
	if r.o.OnOutcome != nil {
		r.o.OnOutcome(j.Kind, j.ID, outcome)
	}
}

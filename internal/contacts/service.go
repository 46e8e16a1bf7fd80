// Package contacts keeps the picture of who talks to whom true: external
// contacts and their relationship with each employee (driven by WeCom
// callbacks through a durable inbox and repaired by full reconciliation),
// customer groups, handovers (在职继承 / 离职继承) and welcome messages.
package contacts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecom/callback"
)

// CorpKeys is one corp's callback configuration (resolved secrets).
type CorpKeys struct {
	Key    string // URL key: /wecom/callback/{key}
	CorpID string
	Token  string
	AESKey string // EncodingAESKey, 43 characters
}

// Options tune the workers; zero values take defaults.
type Options struct {
	MaxBody           int64         // callback body cap (default 64 KiB)
	InboxBatch        int           // items per claim (default 100)
	InboxPoll         time.Duration // idle poll (default 500 ms)
	InboxLease        time.Duration // default 1 min
	InboxMaxAttempts  int           // default 8, then dead
	InboxBackoff      time.Duration // first retry delay (default 2 s, doubling, max 10 min)
	WelcomeWorkers    int           // fast-lane senders (default 4)
	WelcomeWindow     time.Duration // validity of a welcome code (default 20 s)
	TransferPoll      time.Duration // default 1 min
	TransferRetry     time.Duration // delay before resubmitting retryable items (default 10 min)
	TransferMaxTries  int           // default 5
	ReconcileInterval time.Duration // default 6 h; <0 disables (also group sync and inbox purge)
	InboxRetention    time.Duration // applied callbacks kept this long (default 30 days)
}

func (o *Options) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if o.MaxBody == 0 {
		o.MaxBody = 64 << 10
	}
	if o.InboxBatch == 0 {
		o.InboxBatch = 100
	}
	if o.InboxMaxAttempts == 0 {
		o.InboxMaxAttempts = 8
	}
	if o.WelcomeWorkers == 0 {
		o.WelcomeWorkers = 4
	}
	if o.TransferMaxTries == 0 {
		o.TransferMaxTries = 5
	}
	set(&o.InboxPoll, 500*time.Millisecond)
	set(&o.InboxLease, time.Minute)
	set(&o.InboxBackoff, 2*time.Second)
	set(&o.WelcomeWindow, 20*time.Second)
	set(&o.TransferPoll, time.Minute)
	set(&o.TransferRetry, 10*time.Minute)
	set(&o.ReconcileInterval, 6*time.Hour)
	set(&o.InboxRetention, 30*24*time.Hour)
}

// Deps are the service's collaborators. Auditor, Archive and Directory may be nil.
type Deps struct {
	Store     Store
	WeCom     ClientFor // nil: no WeCom calls (callbacks are still stored)
	Auditor   Auditor
	Archive   ArchiveTrigger
	Directory Directory
	// Members is told about change_contact member events (accounts re-reads
	// the member); nil leaves them in the inbox only.
	Members MemberChanges
	// Observer counts callbacks, inbox outcomes and welcome delays.
	Observer Observer
	// Exclusive, when set (several replicas), runs each reconciliation
	// round only while this replica holds the task's cluster-wide lease
	// (lease.Coordinator.Exclusive); ran is false when another replica
	// holds it (and reconciles), and the round is skipped here.
	Exclusive func(ctx context.Context, name string, fn func(ctx context.Context) error) (ran bool, err error)
	Log       *slog.Logger
	Now       func() time.Time
}

type corpEntry struct {
	key    string
	corpID string
	crypt  *callback.Crypter
}

// Service is the contacts domain.
type Service struct {
	st      Store
	wecom   ClientFor
	audit   Auditor
	archive ArchiveTrigger
	dir     Directory
	members MemberChanges
	obs     Observer
	excl    func(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error)
	log     *slog.Logger
	now     func() time.Time
	opt     Options
	byKey   map[string]*corpEntry
	byID    map[string]*corpEntry
	runtime runtimeCorps // corps added in the UI (SetRuntimeKeys)
	welcome chan welcomeJob
	wake    chan struct{}
	kick    chan struct{} // wakes the transfer worker (a retry need not wait a poll)
	rejects *rejectLimiter
	// stepMu keeps the worker and a synchronous handover (HandOverNow)
	// from submitting the same pending items twice.
	stepMu sync.Mutex
}

// ErrUnknownCorp means no corp has that callback key.
var ErrUnknownCorp = errors.New("contacts: unknown corp")

// New builds the service; each corp's EncodingAESKey is checked here.
func New(d Deps, corps []CorpKeys, opt Options) (*Service, error) {
	opt.defaults()
	s := &Service{st: d.Store, wecom: d.WeCom, audit: d.Auditor, archive: d.Archive, dir: d.Directory, members: d.Members, obs: d.Observer, excl: d.Exclusive, log: d.Log, now: d.Now, opt: opt,
		byKey: map[string]*corpEntry{}, byID: map[string]*corpEntry{},
		welcome: make(chan welcomeJob, 4096), wake: make(chan struct{}, 1), kick: make(chan struct{}, 1),
		rejects: &rejectLimiter{window: time.Minute, burst: 20, state: map[string]*rejectWindow{}}}
	if s.audit == nil {
		s.audit = nopAuditor{}
	}
	if s.archive == nil {
		s.archive = nopTrigger{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.obs == nil {
		s.obs = nopObserver{}
	}
	for _, c := range corps {
		cr, err := callback.New(c.Token, c.AESKey, c.CorpID)
		if err != nil {
			return nil, fmt.Errorf("contacts: corp %s callback key: %w", c.Key, err)
		}
		e := &corpEntry{key: c.Key, corpID: c.CorpID, crypt: cr}
		s.byKey[c.Key], s.byID[c.CorpID] = e, e
	}
	return s, nil
}

// Start runs the inbox worker, the welcome fast lane, the transfer poller
// and the periodic reconciliation under g until ctx ends.
func (s *Service) Start(ctx context.Context, g *supervise.Group) {
	g.Go(ctx, "contacts.inbox", s.RunInbox)
	for i := 0; i < s.opt.WelcomeWorkers; i++ {
		g.Go(ctx, fmt.Sprintf("contacts.welcome.%d", i), s.runWelcome)
	}
	if s.wecom != nil {
		g.Go(ctx, "contacts.transfers", s.RunTransfers)
		if s.opt.ReconcileInterval > 0 {
			g.Go(ctx, "contacts.reconcile", s.runReconciler)
		}
	}
}

// CorpIDs lists the corps with callback keys, configured or added in the UI.
func (s *Service) CorpIDs() []string {
	out := make([]string, 0, len(s.byID))
	for id := range s.byID {
		out = append(out, id)
	}
	return append(out, s.runtimeIDs()...)
}

func (s *Service) nowMS() int64 { return s.now().UnixMilli() }

func (s *Service) record(ctx context.Context, e audit.Event) {
	if err := s.audit.Record(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "audit record failed", "action", e.Action, "corp_id", e.CorpID, "err", err)
	}
}

func sleepCtx(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-wake:
	}
	return true
}

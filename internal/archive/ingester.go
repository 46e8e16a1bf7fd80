// Package archive is the conversation-archive ingest: per corp it pulls
// encrypted records after the last committed seq, decrypts them with the
// private key of each record's publickey_ver, parses every msgtype with a
// registry, and stores messages, raw JSON, media jobs and the new seq in one
// transaction, so a crash at any point neither loses nor duplicates a message.
package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/store"
)

// Store is what the ingest needs from the store (*store.Store satisfies it).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	ArchiveCursor(ctx context.Context, corpID string) (store.ArchiveCursor, error)
	AdvanceArchiveCursor(ctx context.Context, corpID string, seq, gaps, lastMsgTime int64) error
	SetArchiveStatus(ctx context.Context, corpID, status, lastErr string, caughtUp bool) error
	InsertMessage(ctx context.Context, m store.Message) (bool, error)
	QuarantineRecord(ctx context.Context, q store.QuarantinedRecord) error
	TouchConversation(ctx context.Context, c store.Conversation) error
	ArchiveStats(ctx context.Context, corpID string) (store.ArchiveStats, error)
}

// MediaEnqueuer queues a media download. It is called inside the
// transaction that stores the message (ctx carries it), so the job exists
// exactly when the message does. The jobs store satisfies it via the lead's
// wiring; nil means media are only counted.
type MediaEnqueuer interface {
	EnqueueMedia(ctx context.Context, corpID, msgid string, ref MediaRef) error
}

// Corp is one corp's archive: its source and private keys.
type Corp struct {
	CorpID string
	Key    string
	Source finance.Source
	Keys   *Keys
}

// Options tune the ingest; zero values give the defaults.
type Options struct {
	Limit          int           // records per GetChatData (default and max 1000)
	Timeout        int           // GetChatData timeout, seconds (default 10)
	PollInterval   time.Duration // between pulls when caught up (default 30 s)
	MaxAttempts    int           // per call on transient errors (default 8)
	InitialBackoff time.Duration // default 200 ms
	MaxBackoff     time.Duration // default 10 s
	Workers        int           // decrypting goroutines (default GOMAXPROCS)
	Log            *slog.Logger
	// Fence, when set, runs last in every page's transaction and fails it
	// when this replica no longer holds the corp's lease (internal/lease).
	Fence func(ctx context.Context) error
}

func (o *Options) defaults() {
	if o.Limit <= 0 || o.Limit > finance.MaxLimit {
		o.Limit = finance.MaxLimit
	}
	if o.Timeout <= 0 {
		o.Timeout = 10
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 30 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.InitialBackoff <= 0 {
		o.InitialBackoff = 200 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 10 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Ingester pulls every configured corp's archive. Corps may be added and
// removed while it runs (corps kept in the store, see SetCorp).
type Ingester struct {
	st    Store
	media MediaEnqueuer
	opt   Options
	// classifier, when set, is monitoring's hook in the page transaction.
	classifier Classifier

	mu    sync.RWMutex // guards corps and order
	corps map[string]*corpState
	order []string
}

type corpState struct {
	Corp
	mu      sync.Mutex // one pull at a time per corp
	trigger chan struct{}
}

// New returns an ingester for corps.
func New(st Store, media MediaEnqueuer, corps []Corp, opt Options) *Ingester {
	opt.defaults()
	in := &Ingester{st: st, media: media, opt: opt, corps: map[string]*corpState{}}
	for _, c := range corps {
		in.corps[c.CorpID] = &corpState{Corp: c, trigger: make(chan struct{}, 1)}
		in.order = append(in.order, c.CorpID)
	}
	return in
}

// CorpIDs lists the corps in configuration order, then those set later.
func (in *Ingester) CorpIDs() []string {
	in.mu.RLock()
	defer in.mu.RUnlock()
	return append([]string(nil), in.order...)
}

// SetCorp adds a corp, or replaces its source and keys. The caller stops
// the corp's RunCorp loop first when replacing (one puller per corp).
func (in *Ingester) SetCorp(c Corp) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if _, ok := in.corps[c.CorpID]; !ok {
		in.order = append(in.order, c.CorpID)
	}
	in.corps[c.CorpID] = &corpState{Corp: c, trigger: make(chan struct{}, 1)}
}

// RemoveCorp forgets a corp (its cursor stays in the store). The caller
// stops the corp's RunCorp loop first.
func (in *Ingester) RemoveCorp(corpID string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	delete(in.corps, corpID)
	in.order = slices.DeleteFunc(in.order, func(id string) bool { return id == corpID })
}

// corp returns a corp's state.
func (in *Ingester) corp(corpID string) (*corpState, bool) {
	in.mu.RLock()
	defer in.mu.RUnlock()
	c, ok := in.corps[corpID]
	return c, ok
}

// Trigger asks the corp's loop to pull now (the msgaudit_notify callback);
// it never blocks and coalesces repeated calls.
func (in *Ingester) Trigger(corpID string) bool {
	c, ok := in.corp(corpID)
	if !ok {
		return false
	}
	select {
	case c.trigger <- struct{}{}:
	default:
	}
	return true
}

// RunCorp pulls a corp's archive until ctx ends: at once, then every
// PollInterval or when triggered. Errors are recorded in the corp's status
// and retried on the next round; they never stop the loop.
func (in *Ingester) RunCorp(ctx context.Context, corpID string) error {
	c, ok := in.corp(corpID)
	if !ok {
		return fmt.Errorf("archive: unknown corp %s", corpID)
	}
	t := time.NewTicker(in.opt.PollInterval)
	defer t.Stop()
	for {
		if _, err := in.SyncOnce(ctx, corpID); err != nil && ctx.Err() == nil {
			in.opt.Log.Warn("archive pull failed", "corp_id", corpID, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-c.trigger:
		}
	}
}

// ErrUnknownCorp is returned for a corp the ingester was not given.
var ErrUnknownCorp = errors.New("archive: unknown corp")

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/lease"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store"
	"wecomadmin/internal/supervise"
)

// archiveFollowInterval is how often a running portal re-reads the archive
// settings of stored corps, so an edit made on another instance starts,
// restarts or stops the ingest loop here too (the WeCom pool's own TTL).
const archiveFollowInterval = 10 * time.Second

// archiveFollower keeps one ingest loop per corp added in the UI in line
// with its stored archive settings, secret and keys. Config-file corps are
// left to the loops started with the portal. A loop is always stopped (and
// its pull finished: each page commits with its cursor) before another is
// started for the same corp, so this instance never pulls a corp twice at
// once; across instances, as for config corps, the idempotent insert by
// (corp_id, msgid) and the cursor that never moves back keep every message
// stored exactly once.
type archiveFollower struct {
	st     *store.Store
	in     *archive.Ingester
	box    *secretbox.Box // nil: no security.secrets_key, nothing stored can be opened
	config func(corpID string) bool
	log    *slog.Logger
	kick   chan struct{}
	every  time.Duration           // archiveFollowInterval; shorter in tests
	loops  map[string]*archiveLoop // owned by Run's goroutine
	// cluster, on PostgreSQL, runs each loop on the replica holding its lease.
	cluster *lease.Coordinator
}

// archiveLoop is one stored corp's running (or failed) ingest.
type archiveLoop struct {
	version string
	src     finance.Source   // nil when the setup failed
	cancel  func()           // nil when the setup failed
	g       *supervise.Group // the loop's goroutine
}

func newArchiveFollower(st *store.Store, in *archive.Ingester, box *secretbox.Box, config func(string) bool, log *slog.Logger) *archiveFollower {
	return &archiveFollower{st: st, in: in, box: box, config: config, log: log,
		kick: make(chan struct{}, 1), every: archiveFollowInterval, loops: map[string]*archiveLoop{}}
}

// Kick asks Run to look at the stored settings now (an edit on this instance).
func (f *archiveFollower) Kick() {
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

// Run follows the stored corps until ctx ends, then stops every loop it started.
func (f *archiveFollower) Run(ctx context.Context) error {
	t := time.NewTicker(f.every)
	defer t.Stop()
	defer f.stopAll()
	for {
		f.reconcile(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-f.kick:
		}
	}
}

// archiveSpec is what a stored corp's loop should run.
type archiveSpec struct {
	corp    store.Corp
	arch    store.CorpArchive
	version string
}

func (f *archiveFollower) reconcile(ctx context.Context) {
	want, err := f.wanted(ctx)
	if err != nil {
		if ctx.Err() == nil {
			f.log.WarnContext(ctx, "archive settings of stored corps", "err", err)
		}
		return
	}
	for id, l := range f.loops {
		if w, ok := want[id]; !ok || w.version != l.version {
			f.stop(id)
		}
	}
	for id, w := range want {
		if _, ok := f.loops[id]; !ok && ctx.Err() == nil {
			f.start(ctx, w)
		}
	}
}

// wanted lists the stored corps whose archive is on, each with a version
// that changes with any edit of its settings, secret or keys.
func (f *archiveFollower) wanted(ctx context.Context) (map[string]archiveSpec, error) {
	corps, err := f.st.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]archiveSpec{}
	for _, c := range corps {
		if f.config(c.CorpID) {
			continue
		}
		a, err := f.st.CorpArchive(ctx, c.CorpID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && a.Source == "") {
			continue
		}
		if err != nil {
			return nil, err
		}
		v := c.Key + "|" + a.Source + "|" + a.URL + "|" + strconv.FormatInt(a.Revision, 10)
		out[c.CorpID] = archiveSpec{corp: c, arch: a, version: v}
	}
	return out, nil
}

// start builds a corp's source and keys and runs its loop: first the
// quarantined records again (a key added for their version now opens
// them), then the pull from the committed cursor.
func (f *archiveFollower) start(ctx context.Context, w archiveSpec) {
	id := w.corp.CorpID
	l := &archiveLoop{version: w.version}
	f.loops[id] = l
	corp, err := f.build(ctx, w)
	if err != nil {
		// Logged by key and reason only; the error never holds a secret.
		f.log.WarnContext(ctx, "archive ingest of stored corp not started", "corp_id", id, "corp", w.corp.Key, "err", err)
		if serr := f.st.SetArchiveStatus(ctx, id, "setup_failed", err.Error(), false); serr != nil {
			f.log.WarnContext(ctx, "archive status", "corp_id", id, "err", serr)
		}
		return
	}
	l.src = corp.Source
	f.in.SetCorp(corp)
	run := func(ctx context.Context) error {
		n, err := f.in.RetryQuarantined(ctx, id, f.st)
		if err != nil && ctx.Err() == nil {
			f.log.WarnContext(ctx, "archive quarantine retry", "corp_id", id, "err", err)
		}
		if n > 0 {
			f.log.InfoContext(ctx, "archive records recovered from quarantine", "corp_id", id, "count", n)
		}
		return f.in.RunCorp(ctx, id)
	}
	l.g = supervise.NewGroup(f.log)
	if f.cluster != nil { // PostgreSQL: the replica holding the corp's lease runs it
		name := archiveLease(id)
		f.cluster.Add(name, run)
		l.cancel = func() { f.cluster.Remove(context.Background(), name) }
	} else {
		lctx, cancel := context.WithCancel(ctx)
		l.cancel = cancel
		l.g.Go(lctx, "archive-"+id, run)
	}
	f.log.InfoContext(ctx, "archive ingest started", "corp_id", id, "corp", w.corp.Key, "source", w.arch.Source)
}

// stop ends a corp's loop and waits for it (its cursor stays as committed).
func (f *archiveFollower) stop(id string) {
	l := f.loops[id]
	delete(f.loops, id)
	if l.cancel != nil {
		l.cancel()
		_ = l.g.Wait()
		f.in.RemoveCorp(id)
	}
	if l.src != nil {
		_ = l.src.Close()
	}
	f.log.Info("archive ingest stopped", "corp_id", id)
}

func (f *archiveFollower) stopAll() {
	for id := range f.loops {
		f.stop(id)
	}
}

// build opens the corp's sealed archive secret and keys and its source.
func (f *archiveFollower) build(ctx context.Context, w archiveSpec) (archive.Corp, error) {
	id := w.corp.CorpID
	if f.box == nil {
		return archive.Corp{}, errors.New("security.secrets_key is not set, so stored secrets cannot be opened")
	}
	sealed, err := f.st.CorpSecret(ctx, id, "archive")
	if errors.Is(err, store.ErrNotFound) || (err == nil && sealed == "") {
		return archive.Corp{}, errors.New("the archive secret is not set")
	}
	if err != nil {
		return archive.Corp{}, err
	}
	secret, err := f.box.Open(sealed, id+"/archive")
	if err != nil {
		return archive.Corp{}, fmt.Errorf("archive secret: %w", err)
	}
	keys, err := f.keys(ctx, id)
	if err != nil {
		return archive.Corp{}, err
	}
	src, err := financeSource(w.arch.Source, w.arch.URL, id, secret)
	if err != nil {
		return archive.Corp{}, fmt.Errorf("archive source: %w", err)
	}
	return archive.Corp{CorpID: id, Key: w.corp.Key, Source: src, Keys: keys}, nil
}

// keys opens the corp's private keys; a key stored before fingerprints
// were kept gets its fingerprint now.
func (f *archiveFollower) keys(ctx context.Context, id string) (*archive.Keys, error) {
	stored, err := f.st.ArchiveKeys(ctx, id)
	if err != nil {
		return nil, err
	}
	pems := map[int][]byte{}
	for _, k := range stored {
		pemText, err := f.box.Open(k.Sealed, id+"/archive_key_v"+strconv.Itoa(k.Version))
		if err != nil {
			return nil, fmt.Errorf("archive key v%d: %w", k.Version, err)
		}
		pems[k.Version] = []byte(pemText)
		if k.Fingerprint == "" {
			if fp, err := accounts.ArchiveKeyFingerprint(pemText); err == nil {
				if err := f.st.SetArchiveKeyFingerprint(ctx, id, k.Version, fp); err != nil {
					f.log.WarnContext(ctx, "archive key fingerprint", "corp_id", id, "version", k.Version, "err", err)
				}
			}
		}
	}
	return archive.NewKeys(pems)
}

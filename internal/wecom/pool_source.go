package wecom

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Source gives the pool the corps defined at run time (added or edited in
// the UI and kept in the store). The pool asks Corps often and Options only
// for a corp whose version changed, so secrets are opened on demand.
type Source interface {
	// Corps lists the run-time corps; Version changes with any edit of the
	// corp's key, base URL or secrets.
	Corps(ctx context.Context) ([]SourceCorp, error)
	// Options returns the corp's client options with its secrets opened.
	// Deps (HTTP client, metrics, logger) are filled in by the pool.
	Options(ctx context.Context, c SourceCorp) (Options, error)
}

// SourceCorp is one run-time corp as the source lists it.
type SourceCorp struct {
	CorpID  string
	Key     string
	Version string
}

// DefaultSourceTTL is how long the pool trusts its view of the source before
// looking again (an edit on another portal instance shows up within it).
const DefaultSourceTTL = 10 * time.Second

type dynamicState struct {
	refresh sync.Mutex // one refresh at a time
	src     Source
	ttl     time.Duration
	checked time.Time           // last refresh; guarded by Pool.mu
	entries map[string]dynEntry // corp key -> what was built; guarded by Pool.mu
	now     func() time.Time
}

type dynEntry struct {
	corpID, version string
}

// SetSource makes the pool follow src: Refresh (and any lookup through
// ClientFor after ttl) builds clients for its corps. ttl <= 0 takes
// DefaultSourceTTL.
func (p *Pool) SetSource(src Source, ttl time.Duration) {
	if ttl <= 0 {
		ttl = DefaultSourceTTL
	}
	p.dyn.refresh.Lock()
	defer p.dyn.refresh.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dyn.src, p.dyn.ttl, p.dyn.checked = src, ttl, time.Time{}
	if p.dyn.entries == nil {
		p.dyn.entries = map[string]dynEntry{}
	}
	if p.dyn.now == nil {
		p.dyn.now = time.Now
	}
}

// Refresh brings the run-time corps' clients in line with the source: a new
// corp gets a client, a corp whose version changed gets a new one (its token
// cache goes with the old), a removed or re-keyed one loses it. Configured
// corps are never touched. A corp whose options fail is left without a
// client and named in the returned error; the others are still applied.
func (p *Pool) Refresh(ctx context.Context) error {
	p.dyn.refresh.Lock()
	defer p.dyn.refresh.Unlock()
	if p.dyn.src == nil {
		return nil
	}
	corps, err := p.dyn.src.Corps(ctx)
	if err != nil {
		return fmt.Errorf("wecom: refresh pool: %w", err)
	}
	var errs []error
	seen := map[string]bool{}
	for _, sc := range corps {
		if p.configured[sc.CorpID] {
			continue
		}
		seen[sc.Key] = true
		p.mu.RLock()
		cur, ok := p.dyn.entries[sc.Key]
		p.mu.RUnlock()
		if ok && cur == (dynEntry{sc.CorpID, sc.Version}) {
			continue
		}
		c, err := p.build(ctx, sc)
		p.mu.Lock()
		p.dyn.entries[sc.Key] = dynEntry{sc.CorpID, sc.Version}
		if c != nil {
			p.clients[sc.Key] = c
		} else {
			delete(p.clients, sc.Key)
		}
		p.mu.Unlock()
		if err != nil {
			errs = append(errs, err)
		}
	}
	p.mu.Lock()
	for key := range p.dyn.entries {
		if !seen[key] {
			delete(p.dyn.entries, key)
			delete(p.clients, key)
		}
	}
	p.dyn.checked = p.dyn.now()
	p.mu.Unlock()
	return errors.Join(errs...)
}

// build makes the client of a run-time corp; a corp without any secret yet
// simply has no client (nil, nil).
func (p *Pool) build(ctx context.Context, sc SourceCorp) (*Client, error) {
	opts, err := p.dyn.src.Options(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("wecom: corp %s: %w", sc.Key, err)
	}
	if len(opts.Secrets) == 0 {
		return nil, nil
	}
	opts.CorpID, opts.CorpKey = sc.CorpID, sc.Key
	opts.HTTPClient, opts.Metrics, opts.Logger = p.deps.HTTPClient, p.deps.Metrics, p.deps.Logger
	c, err := New(opts)
	if err != nil {
		return nil, fmt.Errorf("wecom: corp %s: %w", sc.Key, err)
	}
	return c, nil
}

// ClientFor returns the client of a corp by id, configured or run-time.
// It refreshes from the source when its view is older than the TTL, and
// once more on a miss (a corp just added on another instance).
func (p *Pool) ClientFor(ctx context.Context, corpID string) (*Client, error) {
	p.mu.RLock()
	hasSrc := p.dyn.src != nil
	stale := hasSrc && p.dyn.now().Sub(p.dyn.checked) >= p.dyn.ttl
	p.mu.RUnlock()
	var rerr error
	if stale {
		rerr = p.Refresh(ctx)
	}
	if c, ok := p.ByCorpID(corpID); ok {
		return c, nil
	}
	if hasSrc && !stale {
		rerr = p.Refresh(ctx)
		if c, ok := p.ByCorpID(corpID); ok {
			return c, nil
		}
	}
	if rerr != nil {
		return nil, fmt.Errorf("wecom: no client for corp %s: %w", corpID, rerr)
	}
	return nil, fmt.Errorf("wecom: no client for corp %s (unknown corp, or no secret set)", corpID)
}

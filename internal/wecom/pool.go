package wecom

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"

	"wecomadmin/internal/metrics"
)

// Pool holds one Client per corp, keyed by the corp's short key. Configured
// corps are built once at start; corps added at run time (in the UI) come
// from a Source and are rebuilt whenever their version changes (see
// pool_source.go).
type Pool struct {
	mu         sync.RWMutex
	clients    map[string]*Client
	deps       Deps
	configured map[string]bool // corp ids from config: a Source never replaces them
	dyn        dynamicState
}

// Deps are what every client of a pool shares.
type Deps struct {
	HTTPClient *http.Client
	Metrics    *metrics.Metrics
	Logger     *slog.Logger
}

// NewPool builds a client for every configured corp (opts: one per corp,
// secrets already resolved, CorpKey set); deps fill what every client shares.
func NewPool(corps []Options, deps Deps) (*Pool, error) {
	p := &Pool{clients: make(map[string]*Client, len(corps)), deps: deps, configured: map[string]bool{}}
	for _, opts := range corps {
		p.configured[opts.CorpID] = true
		opts.HTTPClient, opts.Metrics, opts.Logger = deps.HTTPClient, deps.Metrics, deps.Logger
		c, err := New(opts)
		if err != nil {
			return nil, fmt.Errorf("wecom: corps[%s]: %w", opts.CorpKey, err)
		}
		p.clients[opts.CorpKey] = c
	}
	return p, nil
}

// Client returns the client of corp key.
func (p *Pool) Client(key string) (*Client, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	c, ok := p.clients[key]
	return c, ok
}

// ByCorpID returns the client serving a corp id (the archive and callbacks
// know corps by id).
func (p *Pool) ByCorpID(corpID string) (*Client, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, c := range p.clients {
		if c.corpID == corpID {
			return c, true
		}
	}
	return nil, false
}

// Set adds or replaces the client of corp key (a corp added or re-keyed in the UI).
func (p *Pool) Set(key string, c *Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clients[key] = c
}

// Remove drops the client of corp key.
func (p *Pool) Remove(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.clients, key)
}

// Keys lists the corp keys, sorted.
func (p *Pool) Keys() []string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	keys := make([]string, 0, len(p.clients))
	for k := range p.clients {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

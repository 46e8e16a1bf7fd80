package wecom

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"

	"wecomadmin/internal/config"
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

// NewPool builds a client for every configured corp, resolving secrets now
// so a bad reference fails at start naming its key.
func NewPool(cfg config.Config, deps Deps) (*Pool, error) {
	p := &Pool{clients: make(map[string]*Client, len(cfg.Corps)), deps: deps, configured: map[string]bool{}}
	for _, corp := range cfg.Corps {
		p.configured[corp.CorpID] = true
		opts, err := OptionsFromConfig(corp, cfg.WeCom)
		if err != nil {
			return nil, err
		}
		opts.HTTPClient, opts.Metrics, opts.Logger = deps.HTTPClient, deps.Metrics, deps.Logger
		c, err := New(opts)
		if err != nil {
			return nil, fmt.Errorf("wecom: corps[%s]: %w", corp.Key, err)
		}
		p.clients[corp.Key] = c
	}
	return p, nil
}

// OptionsFromConfig maps one configured corp and the shared client tuning
// to Options, resolving the corp's secrets.
func OptionsFromConfig(corp config.Corp, w config.WeCom) (Options, error) {
	opts := Options{
		BaseURL: corp.BaseURL, CorpID: corp.CorpID, CorpKey: corp.Key,
		Secrets: map[SecretKind]string{},
		Timeout: w.Timeout.D(),
		Retry: Retry{
			InitialDelay: w.InitialBackoff.D(), Multiplier: w.Multiplier,
			MaxDelay: w.MaxBackoff.D(), MaxAttempts: w.MaxAttempts,
		},
		Rate: w.RatePerSecond, Burst: w.Burst,
	}
	for kind, s := range map[SecretKind]config.Secret{
		Contacts: corp.Secrets.Contacts, App: corp.Secrets.App,
		Archive: corp.Secrets.Archive, CustomerContact: corp.Secrets.CustomerContact,
	} {
		if !s.IsSet() {
			continue
		}
		v, err := s.Resolve()
		if err != nil {
			return Options{}, fmt.Errorf("config: corps[%s].secrets.%s: %w", corp.Key, kind, err)
		}
		opts.Secrets[kind] = v
	}
	return opts, nil
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

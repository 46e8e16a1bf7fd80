package keyvault

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets"
)

// Options builds a Resolver.
type Options struct {
	Credential azcore.TokenCredential
	Refresh    time.Duration // how often every cached value is fetched again
	Timeout    time.Duration // one fetch
	Logger     *slog.Logger
	Transport  policy.Transporter   // nil: the SDK's default HTTP client
	Retry      *policy.RetryOptions // nil: the SDK's defaults (429 and 5xx are retried with Retry-After)
}

// Resolver fetches secrets, caches them by reference and refreshes them.
type Resolver struct {
	opts Options
	log  *slog.Logger

	mu      sync.Mutex
	clients map[string]*azsecrets.Client // by vault URL
	cache   map[string]string            // by reference text
	stats   Stats
	rotated func() // called after a refresh that changed a value
}

// OnRotate sets fn to run after a refresh round in which a value changed, so
// users that copied a value (a WeCom client's secrets) can take the new one.
func (r *Resolver) OnRotate(fn func()) {
	r.mu.Lock()
	r.rotated = fn
	r.mu.Unlock()
}

// Stats says how refreshing goes, for metrics and status (no values).
type Stats struct {
	Refs            int
	Fetches         uint64
	Failures        uint64 // failed fetches, first or refresh
	LastRefresh     time.Time
	LastRefreshErr  string // the reference and reason of the last failed refresh ("" when the last refresh succeeded)
	RefreshFailures uint64
}

// New returns a Resolver; Run starts its refresh loop.
func New(o Options) *Resolver {
	if o.Refresh <= 0 {
		o.Refresh = 5 * time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Resolver{opts: o, log: o.Logger, clients: map[string]*azsecrets.Client{}, cache: map[string]string{}}
}

// Lookup returns the value of ref (the text after "keyvault:"), from the
// cache when it has been fetched before.
func (r *Resolver) Lookup(ctx context.Context, ref string) (string, error) {
	r.mu.Lock()
	v, ok := r.cache[ref]
	r.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := r.fetch(ctx, ref)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	r.cache[ref] = v
	r.stats.Refs = len(r.cache)
	r.mu.Unlock()
	return v, nil
}

// Run refreshes every cached value each Refresh until ctx ends. A failed
// refresh keeps the last good value and is counted; it never logs a value.
func (r *Resolver) Run(ctx context.Context) {
	t := time.NewTicker(r.opts.Refresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.RefreshAll(ctx)
		}
	}
}

// RefreshAll fetches every cached reference again; it returns the first error.
func (r *Resolver) RefreshAll(ctx context.Context) error {
	r.mu.Lock()
	refs := make([]string, 0, len(r.cache))
	for k := range r.cache {
		refs = append(refs, k)
	}
	r.mu.Unlock()
	var firstErr error
	anyChanged := false
	for _, ref := range refs {
		v, err := r.fetch(ctx, ref)
		r.mu.Lock()
		if err != nil {
			r.stats.RefreshFailures++
			r.stats.LastRefreshErr = err.Error()
		} else {
			changed := r.cache[ref] != v
			r.cache[ref] = v
			if changed {
				anyChanged = true
				r.log.Info("keyvault: secret rotated", "ref", ref)
			}
		}
		r.mu.Unlock()
		if err != nil {
			r.log.Warn("keyvault: refresh failed; keeping the last value", "ref", ref, "err", err)
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	r.mu.Lock()
	r.stats.LastRefresh = time.Now()
	if firstErr == nil {
		r.stats.LastRefreshErr = ""
	}
	rotated := r.rotated
	r.mu.Unlock()
	if anyChanged && rotated != nil {
		rotated()
	}
	return firstErr
}

// Stats returns a snapshot.
func (r *Resolver) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// ErrNotFound means the vault has no such secret (or version).
var ErrNotFound = errors.New("keyvault: secret not found")

// ErrForbidden means the identity may not read the secret.
var ErrForbidden = errors.New("keyvault: access denied")

func (r *Resolver) fetch(ctx context.Context, text string) (string, error) {
	ref, err := ParseRef(text)
	if err != nil {
		return "", err
	}
	c, err := r.client(ref.Vault)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	resp, err := c.GetSecret(ctx, ref.Name, ref.Version, nil)
	r.mu.Lock()
	r.stats.Fetches++
	if err != nil {
		r.stats.Failures++
	}
	r.mu.Unlock()
	if err != nil {
		return "", fmt.Errorf("keyvault: get %s: %w", ref, classify(err))
	}
	if resp.Value == nil {
		return "", fmt.Errorf("keyvault: get %s: the secret has no value", ref)
	}
	return *resp.Value, nil
}

// classify keeps the status and the service's error code, never a body.
func classify(err error) error {
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		return err
	}
	switch re.StatusCode {
	case http.StatusNotFound:
		return fmt.Errorf("%w (%s)", ErrNotFound, re.ErrorCode)
	case http.StatusForbidden, http.StatusUnauthorized:
		return fmt.Errorf("%w: HTTP %d %s", ErrForbidden, re.StatusCode, re.ErrorCode)
	default:
		return fmt.Errorf("HTTP %d %s", re.StatusCode, re.ErrorCode)
	}
}

func (r *Resolver) client(vault string) (*azsecrets.Client, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.clients[vault]; ok {
		return c, nil
	}
	o := &azsecrets.ClientOptions{ClientOptions: azcore.ClientOptions{Transport: r.opts.Transport}}
	if r.opts.Retry != nil {
		o.Retry = *r.opts.Retry
	}
	c, err := azsecrets.NewClient(vault, r.opts.Credential, o)
	if err != nil {
		return nil, fmt.Errorf("keyvault: client %s: %w", vault, err)
	}
	r.clients[vault] = c
	return c, nil
}

package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// refreshMargin is how long before expires_in a token is renewed, as WeCom
// recommends; short test expiries renew at a fifth of their life instead.
const refreshMargin = 300 * time.Second

// tokenCache holds one access token per secret kind of one corp. Fetches are
// single-flight per kind so a burst of 42001 answers asks gettoken once.
type tokenCache struct {
	c       *Client
	secrets map[SecretKind]string
	hold    time.Duration

	mu      sync.Mutex
	entries map[SecretKind]tokenEntry
	flight  singleflight.Group
}

type tokenEntry struct {
	token     string
	refreshAt time.Time
	failErr   error // gettoken refused the secret: do not ask again before failUntil
	failUntil time.Time
}

type tokenResponse struct {
	apiStatus
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

func newTokenCache(c *Client, secrets map[SecretKind]string, hold time.Duration) *tokenCache {
	return &tokenCache{c: c, secrets: secrets, hold: hold, entries: map[SecretKind]tokenEntry{}}
}

// cached returns a usable token or a held refusal; ok is false when a fetch is due.
func (t *tokenCache) cached(kind SecretKind) (tok string, ok bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.entries[kind]
	now := t.c.now()
	if e.token != "" && now.Before(e.refreshAt) {
		return e.token, true, nil
	}
	if e.failErr != nil && now.Before(e.failUntil) {
		return "", true, e.failErr
	}
	return "", false, nil
}

// get returns the token for kind, fetching it when missing or due. The fetch
// runs detached from ctx (bounded by the client timeout) so one caller
// giving up does not fail the others waiting on it.
func (t *tokenCache) get(ctx context.Context, kind SecretKind) (string, error) {
	secret, ok := t.secrets[kind]
	if !ok {
		return "", fmt.Errorf("%w: corp %s has no %s secret", ErrSecretNotConfigured, t.c.corpKey, kind)
	}
	if tok, ok, err := t.cached(kind); ok {
		return tok, err
	}
	ch := t.flight.DoChan(string(kind), func() (any, error) {
		if tok, ok, err := t.cached(kind); ok {
			return tok, err
		}
		// Longer than the attempt timeout inside send, so a slow gettoken
		// ends as a retryable network error, not as this context's deadline.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*t.c.timeout)
		defer cancel()
		return t.fetch(fctx, kind, secret)
	})
	select {
	case <-ctx.Done():
		return "", fmt.Errorf("wecom: gettoken: %w", ctx.Err())
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	}
}

func (t *tokenCache) fetch(ctx context.Context, kind SecretKind, secret string) (string, error) {
	q := url.Values{"corpid": {t.c.corpID}, "corpsecret": {secret}}
	var resp tokenResponse
	err := t.c.send(ctx, "GET", "gettoken", q, nil, "", &resp)
	if err == nil && resp.AccessToken == "" {
		err = fmt.Errorf("%w: gettoken: empty access_token", ErrBadResponse)
	}
	now := t.c.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		// A wrong secret or corp id will not fix itself, and repeating it
		// gets the egress IP banned for an hour: hold the refusal.
		if errors.Is(err, ErrInvalidSecret) || errors.Is(err, ErrInvalidCorpID) {
			t.entries[kind] = tokenEntry{failErr: err, failUntil: now.Add(t.hold)}
			t.c.log.Error("wecom secret refused by gettoken; check configuration",
				"secret_kind", string(kind), "errcode", Code(err), "hold_s", int(t.hold.Seconds()))
		}
		return "", err
	}
	life := time.Duration(resp.ExpiresIn) * time.Second
	margin := refreshMargin
	if life < 2*refreshMargin {
		margin = life / 5
	}
	t.entries[kind] = tokenEntry{token: resp.AccessToken, refreshAt: now.Add(life - margin)}
	t.c.log.Debug("wecom token refreshed", "secret_kind", string(kind), "expires_in_s", resp.ExpiresIn)
	return resp.AccessToken, nil
}

// invalidate forgets tok if it is still the cached token of kind, so a
// token already replaced by a concurrent refresh is kept.
func (t *tokenCache) invalidate(kind SecretKind, tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e := t.entries[kind]; e.token == tok {
		delete(t.entries, kind)
	}
}

// AccessToken returns the cached access token of kind, fetching it when
// needed. Callers must never log it or send it to a browser.
func (c *Client) AccessToken(ctx context.Context, kind SecretKind) (string, error) {
	var tok string
	err := c.retrying(ctx, "gettoken", func() error {
		var err error
		tok, err = c.tokens.get(ctx, kind)
		return err
	})
	return tok, err
}

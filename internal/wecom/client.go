// Package wecom is the HTTP client for WeCom's server API (qyapi) for one
// corp: access tokens cached per secret kind, errcodes mapped to typed
// errors, transient failures retried with exponential backoff and full
// jitter, a client-side rate limit, and a timeout on every attempt.
//
// The same client talks to Tencent and to internal/wecomsim: only the base
// URL differs.
package wecom

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"wecomadmin/internal/metrics"
)

// DefaultBaseURL is Tencent's production API host.
const DefaultBaseURL = "https://qyapi.weixin.qq.com"

// SecretKind names which of the corp's secrets (and so which access token)
// a call uses. Every secret gets its own, independent token.
type SecretKind string

// The secret kinds of section 0 of the WeCom reference.
const (
	Contacts        SecretKind = "contacts"         // 通讯录同步: contact writes, user/list_id
	App             SecretKind = "app"              // self-built app: reads in its visible range, TFA
	Archive         SecretKind = "archive"          // 会话内容存档: msgaudit/*
	CustomerContact SecretKind = "customer_contact" // 客户联系 (falls back to App)
)

// Retry is the backoff policy for transient failures.
type Retry struct {
	InitialDelay time.Duration // first backoff ceiling
	Multiplier   float64       // growth of the ceiling per attempt
	MaxDelay     time.Duration // cap on the ceiling
	MaxAttempts  int           // attempts in all, the first included
}

// Options configure one corp's client. Secrets hold resolved values.
type Options struct {
	BaseURL    string                // default DefaultBaseURL
	CorpID     string                // required
	CorpKey    string                // label in metrics and logs; default CorpID
	Secrets    map[SecretKind]string // at least one
	HTTPClient *http.Client          // default: a client with its own transport
	Timeout    time.Duration         // per attempt; default 10s
	Retry      Retry                 // zero fields take defaults
	Rate       float64               // requests per second for this corp; <= 0 means unlimited
	Burst      int                   // default 1 when Rate > 0
	Metrics    *metrics.Metrics      // optional
	Logger     *slog.Logger          // optional; default discards
	// SecretFailureHold is how long a secret that gettoken refused (40001,
	// 40013, 40091) stays refused without asking again: repeated wrong-secret
	// gettoken calls get the egress IP banned for an hour. Default 5m.
	SecretFailureHold time.Duration
	// FrequencyBlock is how long an endpoint is left alone after 45009 or
	// 45033: Tencent blocks an API for 60 s once its minute limit is hit, so
	// a retry sooner only extends the block. Default 61s.
	FrequencyBlock time.Duration
}

// Client calls WeCom for one corp. It is safe for concurrent use.
type Client struct {
	base    string // BaseURL + "/cgi-bin/"
	corpID  string
	corpKey string
	http    *http.Client
	timeout time.Duration
	retry   Retry
	limiter *rate.Limiter
	metrics *metrics.Metrics
	log     *slog.Logger
	tokens  *tokenCache
	now     func() time.Time // token clock; replaced in tests
	freq    freqBlocks
	// sleep waits d or until ctx ends; replaced in tests to see the delays
	// chosen without waiting them.
	sleep func(ctx context.Context, d time.Duration) error
}

// New validates opts and builds a client.
func New(opts Options) (*Client, error) {
	if opts.CorpID == "" {
		return nil, fmt.Errorf("wecom: new client: corp id is required")
	}
	base := strings.TrimRight(opts.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("wecom: new client %s: base url %q is not an http(s) URL", opts.CorpID, base)
	}
	secrets := map[SecretKind]string{}
	for k, v := range opts.Secrets {
		if v != "" {
			secrets[k] = v
		}
	}
	if len(secrets) == 0 {
		return nil, fmt.Errorf("wecom: new client %s: no secret configured", opts.CorpID)
	}
	c := &Client{
		base: base + "/cgi-bin/", corpID: opts.CorpID, corpKey: opts.CorpKey,
		http: opts.HTTPClient, timeout: opts.Timeout, retry: withRetryDefaults(opts.Retry),
		metrics: opts.Metrics, log: opts.Logger, now: time.Now,
	}
	if c.corpKey == "" {
		c.corpKey = opts.CorpID
	}
	if c.http == nil {
		c.http = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if c.timeout <= 0 {
		c.timeout = 10 * time.Second
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.log = c.log.With("component", "wecom", "corp", c.corpKey)
	c.limiter = rate.NewLimiter(rate.Inf, 0)
	if opts.Rate > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(opts.Rate), max(opts.Burst, 1))
	}
	hold := opts.SecretFailureHold
	if hold <= 0 {
		hold = 5 * time.Minute
	}
	c.tokens = newTokenCache(c, secrets, hold)
	c.freq = freqBlocks{hold: opts.FrequencyBlock, until: map[string]time.Time{}, base: c.limiter.Limit()}
	if c.freq.hold <= 0 {
		c.freq.hold = 61 * time.Second
	}
	c.sleep = sleepCtx
	return c, nil
}

func withRetryDefaults(r Retry) Retry {
	if r.InitialDelay <= 0 {
		r.InitialDelay = 200 * time.Millisecond
	}
	if r.Multiplier < 1 {
		r.Multiplier = 2
	}
	if r.MaxDelay < r.InitialDelay {
		r.MaxDelay = max(10*time.Second, r.InitialDelay)
	}
	if r.MaxAttempts < 1 {
		r.MaxAttempts = 5
	}
	return r
}

// CorpID returns the corp this client serves.
func (c *Client) CorpID() string { return c.corpID }

// CorpKey returns the corp's short key from the configuration.
func (c *Client) CorpKey() string { return c.corpKey }

// HasSecret reports whether a secret of kind k is configured.
func (c *Client) HasSecret(k SecretKind) bool {
	_, ok := c.tokens.secrets[k]
	return ok
}

// pick returns the first configured kind of kinds, so an endpoint can prefer
// a dedicated secret and fall back to the app's.
func (c *Client) pick(kinds ...SecretKind) SecretKind {
	for _, k := range kinds {
		if c.HasSecret(k) {
			return k
		}
	}
	return kinds[0]
}

// String describes the options without the secrets' values, so printing
// Options with %v or %+v cannot leak them.
func (o Options) String() string {
	kinds := make([]string, 0, len(o.Secrets))
	for k, v := range o.Secrets {
		if v != "" {
			kinds = append(kinds, string(k))
		}
	}
	slices.Sort(kinds)
	return fmt.Sprintf("wecom.Options{CorpID:%s CorpKey:%s BaseURL:%s Secrets:[%s] Timeout:%s Retry:%+v Rate:%g Burst:%d}",
		o.CorpID, o.CorpKey, o.BaseURL, strings.Join(kinds, ","), o.Timeout, o.Retry, o.Rate, o.Burst)
}

// GoString redacts for %#v too.
func (o Options) GoString() string { return o.String() }

// LogValue redacts in structured logs (a JSON handler would otherwise
// marshal the secrets map).
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

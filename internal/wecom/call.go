package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxBody bounds a response body; WeCom's largest JSON answers (user/list of
// a big department) stay far below it.
const maxBody = 32 << 20

// apiStatus is the errcode/errmsg pair every WeCom answer carries. Response
// types embed it; callers never see it because a non-zero code becomes *Error.
type apiStatus struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (s *apiStatus) status() *apiStatus { return s }

type statusHolder interface{ status() *apiStatus }

// request is one endpoint call before tokens and retries.
type request struct {
	method   string // http.MethodGet or http.MethodPost
	endpoint string // path below /cgi-bin/
	kind     SecretKind
	query    url.Values
	body     any // JSON-encoded when not nil
}

func get(endpoint string, kind SecretKind, query url.Values) request {
	return request{method: http.MethodGet, endpoint: endpoint, kind: kind, query: query}
}

func post(endpoint string, kind SecretKind, body any) request {
	return request{method: http.MethodPost, endpoint: endpoint, kind: kind, body: body}
}

// call runs r with the token of r.kind, refreshing the token and repeating
// once when WeCom rejects it, and retrying transient failures.
func (c *Client) call(ctx context.Context, r request, out statusHolder) error {
	var body []byte
	if r.body != nil {
		var err error
		if body, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("wecom: %s: encode request: %w", r.endpoint, err)
		}
	}
	refreshed := false
	return c.retrying(ctx, r.endpoint, func() error {
		for {
			tok, err := c.tokens.get(ctx, r.kind)
			if err != nil {
				return err
			}
			err = c.send(ctx, r.method, r.endpoint, r.query, body, tok, out)
			if refreshed || !tokenRejected(err) {
				return err
			}
			refreshed = true
			c.tokens.invalidate(r.kind, tok)
			c.log.Info("wecom token rejected, refreshing once", "endpoint", r.endpoint, "secret_kind", string(r.kind), "errcode", Code(err))
		}
	})
}

// retrying runs attempt until it succeeds, fails for good, the attempts run
// out or ctx ends, sleeping an exponential backoff with full jitter between.
func (c *Client) retrying(ctx context.Context, endpoint string, attempt func() error) error {
	for n := 1; ; n++ {
		err := attempt()
		if err == nil {
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("wecom: %s: %w", endpoint, ctxErr)
		}
		if !Retryable(err) {
			return err
		}
		if n >= c.retry.MaxAttempts {
			return fmt.Errorf("wecom: %s: gave up after %d attempts: %w", endpoint, n, err)
		}
		d := c.backoff(n)
		if errors.Is(err, ErrFrequencyLimit) {
			d = c.frequencyHit(endpoint)
		}
		c.log.Warn("wecom call failed, retrying", "endpoint", endpoint, "attempt", n, "errcode", Code(err), "backoff_ms", d.Milliseconds(), "error", err)
		if serr := c.sleep(ctx, d); serr != nil {
			return fmt.Errorf("wecom: %s: %w (last error: %w)", endpoint, serr, err)
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff is "full jitter": uniform in [0, min(max, initial*mult^(n-1))],
// which spreads a burst of failing callers instead of synchronising them.
func (c *Client) backoff(n int) time.Duration {
	ceil := float64(c.retry.InitialDelay) * math.Pow(c.retry.Multiplier, float64(n-1))
	if ceil > float64(c.retry.MaxDelay) || math.IsInf(ceil, 0) {
		ceil = float64(c.retry.MaxDelay)
	}
	return rand.N(time.Duration(ceil) + 1)
}

// send makes one HTTP request under the rate limit and the per-attempt
// timeout and decodes the answer into out. Errors never contain the URL:
// its query holds the access token or the secret.
func (c *Client) send(ctx context.Context, method, endpoint string, query url.Values, body []byte, token string, out statusHolder) error {
	if d := c.freqLeft(endpoint, time.Now()); d > 0 {
		if err := c.sleep(ctx, d); err != nil {
			return fmt.Errorf("wecom: %s: blocked by WeCom's frequency limit: %w", endpoint, err)
		}
	}
	if err := c.limiter.Wait(ctx); err != nil {
		return fmt.Errorf("wecom: %s: rate limit: %w", endpoint, err)
	}
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, method, c.url(endpoint, query, token), bodyReader(body))
	if err != nil {
		return fmt.Errorf("wecom: %s: build request: %w", endpoint, stripURL(err))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	code, err := c.roundTrip(req, endpoint, out)
	c.observe(endpoint, code, time.Since(start))
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("wecom: %s: %w", endpoint, ctx.Err())
	}
	return err
}

// roundTrip returns the metrics label for the outcome and the error.
func (c *Client) roundTrip(req *http.Request, endpoint string, out statusHolder) (string, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return "-2", newNetError(endpoint, stripURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return "http_" + strconv.Itoa(resp.StatusCode), &HTTPError{Status: resp.StatusCode, Endpoint: endpoint}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return "-2", newNetError(endpoint, fmt.Errorf("read body: %w", stripURL(err)))
	}
	st := out.status()
	*st = apiStatus{}
	if err := json.Unmarshal(data, out); err != nil {
		return "bad_json", fmt.Errorf("%w: %s: %v", ErrBadResponse, endpoint, err)
	}
	if st.ErrCode != 0 {
		return strconv.Itoa(st.ErrCode), &Error{Code: st.ErrCode, Msg: st.ErrMsg, Endpoint: endpoint}
	}
	return "0", nil
}

func (c *Client) url(endpoint string, query url.Values, token string) string {
	u := c.base + endpoint
	if token != "" {
		if query == nil {
			query = url.Values{}
		} else {
			query = cloneValues(query)
		}
		query.Set("access_token", token)
	}
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	return u
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v)+1)
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

func bodyReader(b []byte) io.Reader {
	if b == nil {
		return http.NoBody
	}
	return bytes.NewReader(b)
}

// stripURL drops the request URL (and so the token) from a transport error.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

func (c *Client) observe(endpoint, code string, d time.Duration) {
	c.log.Debug("wecom call", "endpoint", endpoint, "errcode", code, "duration_ms", d.Milliseconds())
	if c.metrics == nil {
		return
	}
	c.metrics.WeComCalls.WithLabelValues(c.corpKey, endpoint, code).Inc()
	c.metrics.WeComLatency.WithLabelValues(endpoint).Observe(d.Seconds())
}

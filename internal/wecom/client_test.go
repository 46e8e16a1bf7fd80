package wecom

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestRetriedFailuresThenSuccess(t *testing.T) {
	t.Parallel()
	hijackClose := func(w http.ResponseWriter, r *http.Request, n int) string {
		if n == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close() // connection reset / EOF mid-request
			}
			return ""
		}
		return `{"errcode":0,"errmsg":"ok","userid":"zhangsan"}`
	}
	status := func(code int) fakeHandler {
		return func(w http.ResponseWriter, r *http.Request, n int) string {
			if n == 1 {
				w.WriteHeader(code)
				_, _ = w.Write([]byte("<html>bad gateway</html>"))
				return ""
			}
			return `{"errcode":0,"errmsg":"ok","userid":"zhangsan"}`
		}
	}
	slow := func(w http.ResponseWriter, r *http.Request, n int) string {
		if n == 1 {
			select { // outlive the client's per-attempt timeout
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return ""
		}
		return `{"errcode":0,"errmsg":"ok","userid":"zhangsan"}`
	}
	tests := []struct {
		name string
		h    fakeHandler
	}{
		{"system busy -1", failFirst(1, -1)},
		{"frequency 45009", failFirst(2, 45009)},
		{"concurrency 45033", failFirst(1, 45033)},
		{"version conflict 6000", failFirst(1, 6000)},
		{"http 500", status(500)},
		{"http 502", status(502)},
		{"http 503", status(503)},
		{"http 429", status(429)},
		{"timeout", slow},
		{"connection reset", hijackClose},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handle("user/get", tt.h)
			c := testClient(t, f, func(o *Options) { o.Timeout = 500 * time.Millisecond })
			u, err := c.GetUser(context.Background(), "zhangsan")
			if err != nil {
				t.Fatalf("GetUser: %v", err)
			}
			if u.UserID != "zhangsan" {
				t.Fatalf("userid = %q", u.UserID)
			}
			if f.count("user/get") < 2 {
				t.Fatalf("expected a retry, got %d calls", f.count("user/get"))
			}
		})
	}
}

func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handle("user/get", failFirst(100, -1))
	c := testClient(t, f, func(o *Options) { o.Retry.MaxAttempts = 3 })
	_, err := c.GetUser(context.Background(), "zhangsan")
	if !errors.Is(err, ErrSystemBusy) || Code(err) != -1 {
		t.Fatalf("err = %v, want errcode -1", err)
	}
	if got := f.count("user/get"); got != 3 {
		t.Fatalf("calls = %d, want 3 (max attempts)", got)
	}
}

func TestNonRetriedErrcodeReturnedAtOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code int
		want error
	}{
		{60111, ErrUserNotFound},
		{46004, ErrUserNotFound},
		{60104, ErrMobileExists},
		{60106, ErrEmailExists},
		{60102, ErrUseridExists},
		{48002, ErrNotAuthorized},
		{60020, ErrUntrustedIP},
		{84061, ErrNoRelationship},
		{40029, ErrInvalidTFACode},
		{41050, ErrWelcomeCodeExpired},
		{99999, nil}, // unknown code: typed *Error, no sentinel
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.code), func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handle("user/get", failFirst(100, tt.code))
			c := testClient(t, f, nil)
			_, err := c.GetUser(context.Background(), "nobody")
			var we *Error
			if !errors.As(err, &we) || we.Code != tt.code || we.Endpoint != "user/get" {
				t.Fatalf("err = %#v, want *Error code %d", err, tt.code)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("errors.Is(%v, %v) = false", err, tt.want)
			}
			if Retryable(err) {
				t.Fatalf("Retryable(%v) = true", err)
			}
			if got := f.count("user/get"); got != 1 {
				t.Fatalf("calls = %d, want 1", got)
			}
		})
	}
}

func TestTokenRejectedRefreshesOnce(t *testing.T) {
	t.Parallel()
	for _, code := range []int{40014, 42001, 40001} {
		t.Run("recovers "+strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handle("user/get", failFirst(1, code))
			c := testClient(t, f, nil)
			if _, err := c.GetUser(context.Background(), "zhangsan"); err != nil {
				t.Fatalf("GetUser: %v", err)
			}
			if f.count("gettoken") != 2 || f.count("user/get") != 2 {
				t.Fatalf("gettoken=%d user/get=%d, want 2 and 2", f.count("gettoken"), f.count("user/get"))
			}
		})
		t.Run("gives up "+strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handle("user/get", failFirst(100, code))
			c := testClient(t, f, nil)
			_, err := c.GetUser(context.Background(), "zhangsan")
			if Code(err) != code {
				t.Fatalf("err = %v, want errcode %d", err, code)
			}
			if f.count("gettoken") != 2 || f.count("user/get") != 2 {
				t.Fatalf("gettoken=%d user/get=%d, want exactly one refresh", f.count("gettoken"), f.count("user/get"))
			}
		})
	}
}

func TestTokenRevokedEarly(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := testClient(t, f, nil)
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	f.revokeTokens() // WeCom invalidates before expires_in: server says 40014
	if _, err := c.GetUser(ctx, "a"); err != nil {
		t.Fatalf("after revoke: %v", err)
	}
	if f.count("gettoken") != 2 {
		t.Fatalf("gettoken = %d, want 2", f.count("gettoken"))
	}
}

// fakeClock is the token cache's clock in tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestTokenExpiryRefresh(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		expiresIn int
		advance   []time.Duration // before each further call
		wantFetch []int           // gettoken count after each further call
	}{
		{"7200s renews 300s early", 7200, []time.Duration{6899 * time.Second, 2 * time.Second, 100 * time.Second}, []int{1, 2, 2}},
		{"short life renews at 4/5", 10, []time.Duration{7 * time.Second, 2 * time.Second}, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.expiresIn = tt.expiresIn
			c := testClient(t, f, nil)
			clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
			c.now = clk.now
			ctx := context.Background()
			if _, err := c.GetUser(ctx, "a"); err != nil {
				t.Fatal(err)
			}
			for i, d := range tt.advance {
				clk.add(d)
				if _, err := c.GetUser(ctx, "a"); err != nil {
					t.Fatal(err)
				}
				if got := f.count("gettoken"); got != tt.wantFetch[i] {
					t.Fatalf("step %d: gettoken = %d, want %d", i, got, tt.wantFetch[i])
				}
			}
		})
	}
}

func TestGettokenWrongSecretIsHeld(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := testClient(t, f, func(o *Options) {
		o.Secrets = map[SecretKind]string{App: "wrong-secret-value"}
	})
	for range 3 {
		_, err := c.GetUser(context.Background(), "a")
		var we *Error
		if !errors.As(err, &we) || we.Endpoint != "gettoken" || !errors.Is(err, ErrInvalidSecret) {
			t.Fatalf("err = %v, want gettoken ErrInvalidSecret", err)
		}
	}
	if got := f.count("gettoken"); got != 1 {
		t.Fatalf("gettoken = %d, want 1: a refused secret must not be retried", got)
	}
	if f.count("user/get") != 0 {
		t.Fatal("user/get called without a token")
	}
}

func TestTokenSingleFlight(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	release := f.holdTokens(t)
	c := testClient(t, f, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := c.GetUser(context.Background(), "a")
			errs <- err
		})
	}
	time.Sleep(50 * time.Millisecond) // let the callers pile up on the flight
	release()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := f.count("gettoken"); got != 1 {
		t.Fatalf("gettoken = %d, want 1", got)
	}
}

func TestSecretNotConfigured(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := testClient(t, f, func(o *Options) { o.Secrets = map[SecretKind]string{App: "s3cr3t-value"} })
	err := c.CreateUser(context.Background(), UserInput{UserID: "a"})
	if !errors.Is(err, ErrSecretNotConfigured) {
		t.Fatalf("err = %v", err)
	}
}

func TestGettokenTimeoutRetried(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.hangFirst = true
	// The first gettoken hangs until this per-attempt timeout; it is long
	// enough that the retry itself never times out on a loaded machine.
	c := testClient(t, f, func(o *Options) { o.Timeout = 2 * time.Second })
	if _, err := c.GetUser(context.Background(), "a"); err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if f.count("gettoken") < 2 {
		t.Fatalf("gettoken = %d, want a retry", f.count("gettoken"))
	}
}

package wecom

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testCorpID = "wwtestcorp000001"

// fakeWeCom speaks Tencent's wire format for the client tests: gettoken
// with per-secret tokens, access_token checks (40014), and scripted
// answers per endpoint. The simulator (internal/wecomsim) replaces it in
// the integration tests.
type fakeWeCom struct {
	srv *httptest.Server

	mu        sync.Mutex
	secrets   map[string]bool // accepted corpsecrets
	expiresIn int
	issued    int
	valid     map[string]string // token -> secret it was minted from
	gettoken  int
	hits      map[string]int
	bodies    map[string][]byte
	usedToken map[string]string // endpoint -> secret of the last token used
	handlers  map[string]fakeHandler
	tokenGate chan struct{} // when set, gettoken waits for it (see holdTokens)
	hangFirst bool          // the first gettoken hangs until the client gives up
}

// fakeHandler answers the nth (1-based) call of an endpoint. It may write
// the response itself (return "") or return a JSON body.
type fakeHandler func(w http.ResponseWriter, r *http.Request, n int) string

func newFake(t testing.TB, secrets ...string) *fakeWeCom {
	t.Helper()
	f := &fakeWeCom{
		secrets: map[string]bool{}, expiresIn: 7200, valid: map[string]string{},
		hits: map[string]int{}, bodies: map[string][]byte{}, usedToken: map[string]string{},
		handlers: map[string]fakeHandler{},
	}
	if len(secrets) == 0 {
		secrets = []string{"s3cr3t-value"}
	}
	for _, s := range secrets {
		f.secrets[s] = true
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWeCom) handle(endpoint string, h fakeHandler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handlers[endpoint] = h
}

func (f *fakeWeCom) count(endpoint string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if endpoint == "gettoken" {
		return f.gettoken
	}
	return f.hits[endpoint]
}

func (f *fakeWeCom) body(endpoint string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bodies[endpoint]
}

func (f *fakeWeCom) serve(w http.ResponseWriter, r *http.Request) {
	ep := strings.TrimPrefix(r.URL.Path, "/cgi-bin/")
	q := r.URL.Query()
	if ep == "gettoken" {
		f.serveToken(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.hits[ep]++
	n := f.hits[ep]
	f.bodies[ep] = body
	secret, ok := f.valid[q.Get("access_token")]
	f.usedToken[ep] = secret
	h := f.handlers[ep]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, `{"errcode":40014,"errmsg":"invalid access_token, hint: [x]"}`)
		return
	}
	if h == nil {
		writeJSON(w, `{"errcode":0,"errmsg":"ok"}`)
		return
	}
	if out := h(w, r, n); out != "" {
		writeJSON(w, out)
	}
}

func (f *fakeWeCom) serveToken(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.gettoken++
	gate, hang := f.tokenGate, f.hangFirst && f.gettoken == 1
	f.mu.Unlock()
	if hang {
		<-r.Context().Done()
		return
	}
	if gate != nil {
		<-gate
	}
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	if q.Get("corpid") != testCorpID {
		writeJSON(w, `{"errcode":40013,"errmsg":"invalid corpid"}`)
		return
	}
	s := q.Get("corpsecret")
	if !f.secrets[s] {
		writeJSON(w, `{"errcode":40001,"errmsg":"invalid credential, hint: [y] from ip: 127.0.0.1"}`)
		return
	}
	f.issued++
	tok := fmt.Sprintf("TOKEN-%s-%04d-%s", s, f.issued, strings.Repeat("x", 16))
	f.valid[tok] = s
	writeJSON(w, fmt.Sprintf(`{"errcode":0,"errmsg":"ok","access_token":%q,"expires_in":%d}`, tok, f.expiresIn))
}

// holdTokens makes gettoken wait until the returned release is called. The
// release also runs at cleanup, before the server closes, so a failing test
// cannot leave a handler blocked.
func (f *fakeWeCom) holdTokens(t testing.TB) (release func()) {
	f.mu.Lock()
	f.tokenGate = make(chan struct{})
	gate := f.tokenGate
	f.mu.Unlock()
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	t.Cleanup(release)
	return release
}

// revokeTokens makes every issued token invalid (WeCom may do so early).
func (f *fakeWeCom) revokeTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.valid = map[string]string{}
}

func writeJSON(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_, _ = io.WriteString(w, s)
}

// errcode answers the given errcode on the first fail calls, then ok.
func failFirst(fail int, code int) fakeHandler {
	return func(w http.ResponseWriter, r *http.Request, n int) string {
		if n <= fail {
			return fmt.Sprintf(`{"errcode":%d,"errmsg":"scripted failure"}`, code)
		}
		return `{"errcode":0,"errmsg":"ok","userid":"zhangsan","name":"张三","department":[1],"status":1}`
	}
}

// testClient builds a client on f with fast retries; mutate adjusts options.
func testClient(t testing.TB, f *fakeWeCom, mutate func(*Options)) *Client {
	t.Helper()
	opts := Options{
		BaseURL: f.srv.URL, CorpID: testCorpID, CorpKey: "main",
		Secrets:    map[SecretKind]string{Contacts: "s3cr3t-value", App: "s3cr3t-value", Archive: "s3cr3t-value"},
		HTTPClient: f.srv.Client(), Timeout: 2 * time.Second,
		Retry:          Retry{InitialDelay: time.Millisecond, Multiplier: 2, MaxDelay: 5 * time.Millisecond, MaxAttempts: 4},
		FrequencyBlock: time.Millisecond,
	}
	if mutate != nil {
		mutate(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

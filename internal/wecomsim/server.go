// Package wecomsim simulates Tencent's WeCom server APIs (qyapi, /cgi-bin/...)
// over a seeded in-memory corp, with Tencent's JSON shapes, errcodes, token
// expiry, frequency limits and injected faults. The archive simulator
// (sub-package archivesim) and the callback sender attach to it through
// Mount, Faults, Directory and Directory.OnChange.
package wecomsim

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configures a simulator. Zero values take the defaults noted.
type Options struct {
	Seed   int64  // data and fault streams; same seed → same corp
	CorpID string // default wwsimcorp0000001
	Secret string // accepted for every secret kind; default "sim"
	// Secrets are further secrets, each of one kind with its own settings
	// (an app's creation date, a sync secret's IP age): Tencent's 2022 rules
	// apply per secret. The default Secret reads like a post-2022 app.
	Secrets map[string]SecretProfile
	// LegacyAppFields brings back the pre-2022 behaviour: every app and sync
	// secret reads members with mobile and email, callbacks carry them.
	LegacyAppFields bool
	TokenTTL        time.Duration    // access_token lifetime; default 7200s
	Faults          FaultSpec        // from ParseFaults; nil = none
	FaultHold       time.Duration    // how long a "timeout" fault holds a request; default 15s
	RateLimit       int              // calls per API per minute for the corp; default 10000
	TransferDelay   time.Duration    // until a customer transfer resolves; default 30s (Tencent: 24h)
	Clock           func() time.Time // default time.Now
	Logger          *slog.Logger     // default discards
	KeysDir         string           // archive RSA keys (v<N>.pem), for the archive simulator
	ArchiveFile     string           // JSONL of archive messages, for the archive simulator
	ArchiveMessages int              // messages generated without ArchiveFile; default 300
	Callback        CallbackOptions  // where change events are delivered, for the callback sender
}

// CallbackOptions tell the callback sender (branch contacts) where and how
// to deliver events: the portal's callback URL and the corp's WXBizMsgCrypt
// Token and EncodingAESKey. Empty URL: no callbacks are sent.
type CallbackOptions struct {
	URL    string // e.g. http://127.0.0.1:8080/wecom/callback/demo
	Token  string
	AESKey string // 43 characters
}

func (o *Options) defaults() {
	if o.CorpID == "" {
		o.CorpID = "wwsimcorp0000001"
	}
	if o.Secret == "" {
		o.Secret = "sim"
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = 7200 * time.Second
	}
	if o.FaultHold <= 0 {
		o.FaultHold = 15 * time.Second
	}
	if o.RateLimit <= 0 {
		o.RateLimit = 10000
	}
	if o.TransferDelay <= 0 {
		o.TransferDelay = 30 * time.Second
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Server is the simulator; it is an http.Handler.
type Server struct {
	opts    Options
	log     *slog.Logger
	dir     *Directory
	faults  *Faults
	mux     *http.ServeMux
	tokens  tokens
	limit   limiter
	codes   codes
	xrand   xferRand
	closing chan struct{}
	once    sync.Once
}

// New builds a simulator with a freshly seeded directory.
func New(opts Options) *Server {
	opts.defaults()
	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux(), closing: make(chan struct{})}
	s.faults = newFaults(opts.Faults, opts.Seed)
	s.tokens.m = map[string]issuedToken{}
	s.tokens.current = map[string]string{}
	s.limit.m = map[string]*window{}
	s.codes.init()
	s.xrand.r = rand.New(rand.NewPCG(uint64(opts.Seed), 0x7a4f))
	s.dir = newDirectory(opts.CorpID, opts.Clock)
	s.dir.generate(opts.Seed)
	s.dir.welcome = s.IssueWelcomeCode
	s.routes()
	return s
}

// Options returns the effective options (defaults applied).
func (s *Server) Options() Options { return s.opts }

// Directory gives locked read/write access to the simulated corp.
func (s *Server) Directory() *Directory { return s.dir }

// Faults gives the shared fault decisions (Hit("media10001"), Hit("badrecord")).
func (s *Server) Faults() *Faults { return s.faults }

// Mount adds a handler (e.g. the archive simulator's routes). It gets no
// token check and no injected faults: call CheckToken and
// InjectTransportFault where wanted.
func (s *Server) Mount(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP serves /cgi-bin/... like qyapi, /sim/... helpers and mounted routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Run settles customer transfers as their delay passes (so hooks fire on
// time) until ctx ends. Without Run they settle when the API is next called.
func (s *Server) Run(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.dir.settleTransfers()
		}
	}
}

// Close releases requests held by "timeout" faults.
func (s *Server) Close() { s.once.Do(func() { close(s.closing) }) }

// call is one qyapi request as a handler sees it.
type call struct {
	r    *http.Request
	body []byte
	prof SecretProfile // the secret kind behind the access_token
}

func (c *call) query(k string) string { return c.r.URL.Query().Get(k) }

// decode reads the JSON body; malformed JSON is Tencent's 47001.
func (c *call) decode(v any) error {
	if len(c.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return errf(47001, "data format error, hint: [%s]", firstLine(err.Error()))
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// obj is a response body; errcode and errmsg are added when writing.
type obj = map[string]any

type handlerFunc func(c *call) (obj, error)

// api registers a qyapi endpoint: faults, token, frequency limit, handler.
func (s *Server) api(path string, h handlerFunc) {
	s.mux.HandleFunc("/cgi-bin/"+path, func(w http.ResponseWriter, r *http.Request) {
		handled, ferr := s.requestFault(w, r, path)
		if handled {
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			return
		}
		c := &call{r: r, body: body}
		var res obj
		if ferr != nil {
			err = ferr
		} else {
			res, err = s.serveAPI(path, c, h)
		}
		s.writeResult(w, path, res, err)
	})
}

func (s *Server) serveAPI(path string, c *call, h handlerFunc) (obj, error) {
	if path != "gettoken" {
		prof, err := s.checkToken(c.query("access_token"))
		if err != nil {
			return nil, err
		}
		c.prof = prof
	}
	if !s.limit.allow(path, s.opts.Clock(), s.opts.RateLimit) {
		return nil, errf(45009, "api freq out of limit, hint: [%s per minute]", path)
	}
	s.dir.settleTransfers()
	return h(c)
}

func (s *Server) writeResult(w http.ResponseWriter, path string, res obj, err error) {
	if res == nil {
		res = obj{}
	}
	code := Code(err)
	res["errcode"] = code
	switch {
	case err != nil:
		res = obj{"errcode": code, "errmsg": errMsg(err)}
	case res["errmsg"] == nil:
		res["errmsg"] = "ok"
	}
	s.log.Debug("wecomsim call", "api", path, "errcode", code)
	writeJSON(w, http.StatusOK, res)
}

func errMsg(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Msg + ", more info at https://open.work.weixin.qq.com/devtool/query?e=" + itoa(e.Code)
	}
	return "system busy"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// WriteResult answers like qyapi: HTTP 200 with res plus errcode/errmsg
// ("ok" on success, the *Error's code and message otherwise). For mounted
// handlers that answer in WeCom's format.
func WriteResult(w http.ResponseWriter, res map[string]any, err error) {
	if err != nil {
		writeJSON(w, http.StatusOK, obj{"errcode": Code(err), "errmsg": errMsg(err)})
		return
	}
	out := obj{"errcode": 0, "errmsg": "ok"}
	for k, v := range res {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

// Errorf makes a WeCom error for mounted handlers: WriteResult answers it
// with its code.
func Errorf(code int, format string, args ...any) error { return errf(code, format, args...) }

package archivesim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"wecomadmin/internal/finance"
)

// Faults decides whether a named fault fires on this call. The simulator
// core's injector satisfies it. Names used here: "timeout", "5xx", "slow"
// (answer late, but answer), "10001" (or any SDK code, on GetChatData),
// "badrecord", "media10001", "media10010" (or "media<code>").
type Faults interface {
	Hit(name string) bool
}

type noFaults struct{}

func (noFaults) Hit(string) bool { return false }

// Config configures the archive handler.
type Config struct {
	CorpID string
	Secret string // any other secret gets errcode 40001
	// Also are further secrets accepted (the sim's archive-kind secrets).
	Also   []string
	Faults Faults // nil: none
	// TimeoutDelay is how long a "timeout" fault holds the request
	// (default 3 s; the client gives up first).
	TimeoutDelay time.Duration
	// SlowDelay is how long a "slow" fault delays an answer that then comes
	// normally (default 400 ms).
	SlowDelay time.Duration
	// Permitted reports whether the archive is enabled (false → 301053).
	Permitted func() bool
}

// Server serves one corp's Archive over the finance simulator protocol.
type Server struct {
	cfg     Config
	archive *Archive

	// Pull accounting: several portal replicas must never pull one corp at
	// once, so a GetChatData that starts while another is in flight counts.
	book *pullBook
}

// Pulls is how many GetChatData calls arrived.
func (s *Server) Pulls() int64 { return s.PullStats().Pulls }

// OverlappingPulls is how many GetChatData calls began while another was
// still in flight (0 when one puller at a time holds the corp).
func (s *Server) OverlappingPulls() int64 { return s.PullStats().OverlappingPulls }

// NewServer returns the archive handler.
func NewServer(a *Archive, cfg Config) *Server {
	if cfg.Faults == nil {
		cfg.Faults = noFaults{}
	}
	if cfg.TimeoutDelay == 0 {
		cfg.TimeoutDelay = 3 * time.Second
	}
	if cfg.SlowDelay == 0 {
		cfg.SlowDelay = 400 * time.Millisecond
	}
	return &Server{cfg: cfg, archive: a, book: newPullBook()}
}

// Archive returns the served archive.
func (s *Server) Archive() *Archive { return s.archive }

// Register adds the archive routes to a mux (the simulator core's Mount
// has the same shape).
func (s *Server) Register(mount func(pattern string, h http.Handler)) {
	mount("POST "+finance.PathGetChatData, http.HandlerFunc(s.getChatData))
	mount("POST "+finance.PathGetMediaData, http.HandlerFunc(s.getMediaData))
	mount("GET /sim/archive/labels", http.HandlerFunc(s.labels))
	mount("GET /sim/archive/pulls", http.HandlerFunc(s.pulls))
}

// ServeHTTP serves the routes on their own (tests, httptest).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	mux := http.NewServeMux()
	s.Register(func(p string, h http.Handler) { mux.Handle(p, h) })
	mux.ServeHTTP(w, r)
}

// transportFault applies timeout, 5xx and slow faults; true means answered.
func (s *Server) transportFault(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Faults.Hit("slow") {
		select {
		case <-time.After(s.cfg.SlowDelay):
		case <-r.Context().Done():
			return true
		}
	}
	if s.cfg.Faults.Hit("timeout") {
		select {
		case <-time.After(s.cfg.TimeoutDelay):
		case <-r.Context().Done():
		}
		http.Error(w, "timeout", http.StatusGatewayTimeout)
		return true
	}
	if s.cfg.Faults.Hit("5xx") {
		http.Error(w, "simulated server error", http.StatusInternalServerError)
		return true
	}
	return false
}

var sdkFaultCodes = []int{finance.CodeNetwork, finance.CodeParse, finance.CodeSystem, finance.CodeIPNotAllowed}

func (s *Server) getChatData(w http.ResponseWriter, r *http.Request) {
	// The body is read first: the caller is the secret it carries.
	var req finance.ChatDataRequest
	bodyErr := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req)
	// The pull ends when its answer starts: a client may read a whole answer
	// and call again before this handler has returned.
	pw := &pullWriter{ResponseWriter: w, end: s.book.begin(req.Secret)}
	defer pw.done()
	w = pw
	if s.transportFault(w, r) {
		return
	}
	if bodyErr != nil {
		writeJSON(w, finance.ChatDataResponse{SDKCode: finance.CodeParam, ErrMsg: "bad request body"})
		return
	}
	for _, c := range sdkFaultCodes {
		if s.cfg.Faults.Hit(strconv.Itoa(c)) {
			writeJSON(w, finance.ChatDataResponse{SDKCode: c, ErrMsg: "simulated"})
			return
		}
	}
	if resp, bad := s.checkAuth(req.CorpID, req.Secret); bad {
		writeJSON(w, resp)
		return
	}
	if req.Limit <= 0 || req.Limit > finance.MaxLimit {
		writeJSON(w, finance.ChatDataResponse{SDKCode: finance.CodeParam, ErrMsg: "limit must be 1..1000"})
		return
	}
	page, err := s.archive.Page(req.Seq, req.Limit)
	if err != nil {
		writeJSON(w, finance.ChatDataResponse{SDKCode: finance.CodeSystem, ErrMsg: err.Error()})
		return
	}
	for i := range page {
		if s.cfg.Faults.Hit("badrecord") {
			page[i].EncryptChatMsg = "corrupt" + page[i].EncryptChatMsg[len(page[i].EncryptChatMsg)/2:]
		}
	}
	writeJSON(w, finance.ChatDataResponse{ErrMsg: "ok", ChatData: page})
}

func (s *Server) checkAuth(corpID, secret string) (finance.ChatDataResponse, bool) {
	if s.cfg.CorpID != "" && corpID != s.cfg.CorpID {
		return finance.ChatDataResponse{ErrCode: 40013, ErrMsg: "invalid corpid"}, true
	}
	if s.cfg.Secret != "" && secret != s.cfg.Secret && !slices.Contains(s.cfg.Also, secret) {
		return finance.ChatDataResponse{ErrCode: 40001, ErrMsg: "invalid secret"}, true
	}
	if s.cfg.Permitted != nil && !s.cfg.Permitted() {
		return finance.ChatDataResponse{ErrCode: 301053, ErrMsg: "msgaudit not enabled"}, true
	}
	return finance.ChatDataResponse{}, false
}

var rangeRe = regexp.MustCompile(`^Range:bytes=([0-9]+)-([0-9]+)$`)

func (s *Server) getMediaData(w http.ResponseWriter, r *http.Request) {
	if s.transportFault(w, r) {
		return
	}
	var req finance.MediaDataRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		writeJSON(w, finance.MediaDataResponse{SDKCode: finance.CodeParam, ErrMsg: "bad request body"})
		return
	}
	for _, c := range []int{finance.CodeNetwork, finance.CodeExpired, finance.CodeParse, finance.CodeBadFileID} {
		if s.cfg.Faults.Hit(fmt.Sprintf("media%d", c)) {
			writeJSON(w, finance.MediaDataResponse{SDKCode: c, ErrMsg: "simulated"})
			return
		}
	}
	if resp, bad := s.checkAuth(req.CorpID, req.Secret); bad {
		writeJSON(w, finance.MediaDataResponse{SDKCode: finance.CodeParam, ErrMsg: resp.ErrMsg})
		return
	}
	data, ok := s.archive.Media(req.SDKFileID)
	if !ok {
		writeJSON(w, finance.MediaDataResponse{SDKCode: finance.CodeBadFileID, ErrMsg: "unknown sdkfileid"})
		return
	}
	chunk, next, finish, err := Chunk(data, req.IndexBuf)
	if err != nil {
		writeJSON(w, finance.MediaDataResponse{SDKCode: finance.CodeParam, ErrMsg: err.Error()})
		return
	}
	writeJSON(w, finance.MediaDataResponse{Data: chunk, OutIndexBuf: next, IsFinish: finish})
}

// Chunk cuts data at the position named by indexbuf ("" = start, else
// "Range:bytes=a-b" as returned before) into one ≤512 KB piece and names
// the next range.
func Chunk(data []byte, indexbuf string) (chunk []byte, next string, finish bool, err error) {
	start := 0
	if indexbuf != "" {
		m := rangeRe.FindStringSubmatch(indexbuf)
		if m == nil {
			return nil, "", false, fmt.Errorf("bad indexbuf %q", indexbuf)
		}
		start, _ = strconv.Atoi(m[1])
		if start > len(data) {
			return nil, "", false, fmt.Errorf("indexbuf past end")
		}
	}
	end := min(start+finance.ChunkSize, len(data))
	if end >= len(data) {
		return data[start:end], "", true, nil
	}
	return data[start:end], fmt.Sprintf("Range:bytes=%d-%d", end, min(end+finance.ChunkSize, len(data))-1), false, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// pullWriter calls end once, before the first byte of the answer.
type pullWriter struct {
	http.ResponseWriter
	end  func()
	once sync.Once
}

func (p *pullWriter) done() { p.once.Do(p.end) }

func (p *pullWriter) WriteHeader(code int) { p.done(); p.ResponseWriter.WriteHeader(code) }

func (p *pullWriter) Write(b []byte) (int, error) { p.done(); return p.ResponseWriter.Write(b) }

// labels: GET /sim/archive/labels → {"items":[{"msgid","labels"}]}, the
// monitoring ground truth of the generated archive (test endpoint).
func (s *Server) labels(w http.ResponseWriter, _ *http.Request) {
	items := s.archive.Labels()
	if items == nil {
		items = []Labelled{}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok", "items": items})
}

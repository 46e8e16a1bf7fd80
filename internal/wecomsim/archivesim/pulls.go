package archivesim

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
)

// pullBook counts GetChatData calls per caller, a caller being the
// credential a call carries (portal replicas given one secret each are
// told apart). Two callers pulling one corp at once is what the portal's
// leases must prevent; one caller overlapping itself is a retry racing the
// end of a call it gave up on.
type pullBook struct {
	mu       sync.Mutex
	inflight map[string]int   // caller → calls in flight
	pulls    map[string]int64 // caller → calls
	total    int64
	overlaps int64 // calls that began while any other was in flight
	cross    int64 // calls that began while another caller's was in flight
}

func newPullBook() *pullBook {
	return &pullBook{inflight: map[string]int{}, pulls: map[string]int64{}}
}

// begin records a call by caller and returns the func that ends it.
func (b *pullBook) begin(caller string) func() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.total++
	b.pulls[caller]++
	busy, others := false, false
	for c, n := range b.inflight {
		if n > 0 {
			busy = true
			others = others || c != caller
		}
	}
	if busy {
		b.overlaps++
	}
	if others {
		b.cross++
	}
	b.inflight[caller]++
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.inflight[caller]--
	}
}

// PullStats is GET /sim/archive/pulls: the archive's extent and how it was pulled.
type PullStats struct {
	Messages int   `json:"messages"`    // records served (equals the last seq)
	LastSeq  int64 `json:"last_seq"`    // seq of the newest record
	Media    int   `json:"media_files"` // distinct files behind the records' sdkfileids
	Pulls    int64 `json:"pulls"`
	// OverlappingPulls began while any other pull was in flight.
	OverlappingPulls int64 `json:"overlapping_pulls"`
	// OverlappingCallers began while a pull by another caller was in flight:
	// two portal replicas pulling the corp at once (0 when leases hold).
	OverlappingCallers int64 `json:"overlapping_callers"`
	// Callers counts pulls per caller, each named by a digest of its secret.
	Callers map[string]int64 `json:"callers"`
}

// PullStats reports the pull accounting so far.
func (s *Server) PullStats() PullStats {
	n := s.archive.Len()
	b := s.book
	b.mu.Lock()
	defer b.mu.Unlock()
	st := PullStats{Messages: n, LastSeq: int64(n), Media: s.archive.MediaCount(), Pulls: b.total,
		OverlappingPulls: b.overlaps, OverlappingCallers: b.cross, Callers: map[string]int64{}}
	for c, k := range b.pulls {
		st.Callers[callerName(c)] = k
	}
	return st
}

// callerName names a caller without echoing its secret.
func callerName(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "secret:" + hex.EncodeToString(sum[:4])
}

// pulls: GET /sim/archive/pulls → PullStats (test endpoint).
func (s *Server) pulls(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		PullStats
	}{ErrMsg: "ok", PullStats: s.PullStats()})
}

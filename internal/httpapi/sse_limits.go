package httpapi

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"wecomadmin/internal/auth"
)

// Live streams hold a connection and poll the store, so they are bounded:
// a few at a time per caller, an hour at most, and the caller's session or
// token is checked again while the stream runs, so signing out, a revoked
// token or a removed role ends it (finding 12).
const (
	maxStreamsPerCaller = 8
	maxStreamLife       = time.Hour
	streamRecheck       = 10 * time.Second
)

// errTooManyStreams answers a caller over its stream budget.
var errTooManyStreams = &safeError{http.StatusTooManyRequests, "too_many_streams", "too many live streams open; close one"}

// streamSlots counts open streams per caller (kind and id).
type streamSlots struct {
	mu   sync.Mutex
	open map[string]int
}

func callerKey(r *http.Request) string {
	p, _ := auth.FromContext(r.Context())
	return fmt.Sprintf("%s:%d", p.Kind, p.ID)
}

// take reserves a slot; release must follow when it is true.
func (l *streamSlots) take(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open == nil {
		l.open = map[string]int{}
	}
	if l.open[key] >= maxStreamsPerCaller {
		return false
	}
	l.open[key]++
	return true
}

func (l *streamSlots) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

// stillAllowed re-authenticates a stream's request: its credential must
// still be valid and still hold the route's permission.
func (s *Server) stillAllowed(r *http.Request) bool {
	if s.d.Auth == nil {
		return true
	}
	p, err := s.d.Auth.Authenticate(r)
	if err != nil {
		return false
	}
	perm, ok := r.Context().Value(routePermKey{}).(auth.Permission)
	return !ok || p.Can(perm)
}

package auth

import (
	"errors"
	"sync"
	"time"
)

// ErrRateLimited refuses sign-in attempts from an address that sends too
// many: the per-account lock stops guessing one password, this stops one
// address spraying many accounts.
var ErrRateLimited = errors.New("auth: too many sign-in attempts from this address")

// Sign-in attempts on one username, from all addresses together.
const (
	accountLoginsPerMinute = 10
	accountLoginBurst      = 10
)

// ipLimiter is a token bucket per client address (or per other key).
type ipLimiter struct {
	mu      sync.Mutex
	perMin  float64
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newIPLimiter(perMin, burst int) *ipLimiter {
	return &ipLimiter{perMin: float64(perMin), burst: float64(burst), buckets: map[string]*bucket{}}
}

// allow takes a token for ip at now.
func (l *ipLimiter) allow(ip string, now time.Time) bool {
	if l == nil || ip == "" || l.perMin <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 10_000 { // bound memory: forget full buckets
		for k, b := range l.buckets {
			if b.tokens+now.Sub(b.last).Minutes()*l.perMin >= l.burst {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[ip]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[ip] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Minutes()*l.perMin)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

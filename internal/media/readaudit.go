package media

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"wecomadmin/internal/auth"
)

// A media read is audited unless it is plainly a player's follow-up: one
// range starting past byte 0, of an object the same caller's read of which
// was audited a moment ago. The decision is made on the parsed Range
// header, so "bytes=-N", "bytes=00-", "bytes= 0-" or a range list cannot
// pass for a follow-up, and a follow-up with no audited first read is
// audited itself.

// readWindow is how long an audited read covers the same caller's
// follow-up ranges of the same object.
const readWindow = 30 * time.Minute

// readLog remembers recent audited reads per caller, object and variant.
type readLog struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

func (l *readLog) key(ctx context.Context, id int64, v Variant) string {
	p, _ := auth.FromContext(ctx)
	return fmt.Sprintf("%s:%d/%d/%v", p.Kind, p.ID, id, v)
}

// shouldAudit decides whether a read with this Range header is audited,
// and notes it when it is.
func (l *readLog) shouldAudit(k, rangeHeader string, now time.Time) bool {
	if followUpRange(rangeHeader) && l.covered(k, now) {
		return false
	}
	l.audited(k, now)
	return true
}

// covered reports whether a follow-up range is covered by an audited read.
func (l *readLog) covered(k string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.seen[k]
	return ok && now.Sub(at) < readWindow
}

// audited notes an audited read; old entries go, so the map stays small.
func (l *readLog) audited(k string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]time.Time{}
	}
	if len(l.seen) > 10_000 {
		for key, at := range l.seen {
			if now.Sub(at) >= readWindow {
				delete(l.seen, key)
			}
		}
	}
	l.seen[k] = now
}

// followUpRange reports whether a Range header asks for exactly one range
// that starts past byte 0 ("bytes=N-" or "bytes=N-M", N > 0). Anything
// else (no header, a suffix range, a list, junk) is a read of its own.
func followUpRange(h string) bool {
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return false
	}
	first, last, ok := strings.Cut(spec, "-")
	if !ok || first == "" || strings.TrimSpace(first) != first || strings.TrimSpace(last) != last {
		return false
	}
	n, err := strconv.ParseInt(first, 10, 64)
	if err != nil || n <= 0 {
		return false
	}
	if last != "" {
		m, err := strconv.ParseInt(last, 10, 64)
		if err != nil || m < n {
			return false
		}
	}
	return true
}

package auth

import (
	"strings"
	"sync"
	"time"
)

// unknownUsers counts failed sign-ins of usernames that do not exist and
// locks them on the same schedule as real accounts, so "locked" (423) does
// not tell an attacker which usernames are real (finding 12). In memory
// and bounded: a restart forgets them, as it would not for real accounts,
// which only makes the lock shorter.
type unknownUsers struct {
	mu    sync.Mutex
	fails map[string]unknownFail
}

type unknownFail struct {
	n     int
	until time.Time
}

const maxUnknownUsers = 10_000

// fail records a failure and returns the lock it now carries (0: none).
func (u *unknownUsers) fail(username string, o Options, now time.Time) time.Duration {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.fails == nil || len(u.fails) > maxUnknownUsers {
		u.fails = map[string]unknownFail{}
	}
	k := strings.ToLower(username)
	f := u.fails[k]
	f.n++
	var locked time.Duration
	if over := f.n - o.LoginMaxFailures; over >= 0 {
		locked = o.LockoutBase << min(over, 30)
		if locked > o.LockoutMax || locked <= 0 {
			locked = o.LockoutMax
		}
		f.until = now.Add(locked)
	}
	u.fails[k] = f
	return locked
}

// locked reports how long an unknown username stays locked.
func (u *unknownUsers) locked(username string, now time.Time) time.Duration {
	u.mu.Lock()
	defer u.mu.Unlock()
	if f, ok := u.fails[strings.ToLower(username)]; ok && f.until.After(now) {
		return f.until.Sub(now)
	}
	return 0
}

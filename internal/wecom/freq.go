package wecom

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// freqBlocks remembers endpoints WeCom answered 45009/45033 for: Tencent
// blocks the API for 60 s, so every call to it waits the block out instead
// of extending it. It also slows the corp's rate limiter for a while.
type freqBlocks struct {
	mu        sync.Mutex
	hold      time.Duration
	until     map[string]time.Time
	base      rate.Limit // the configured per-corp rate
	slowUntil time.Time  // when the configured rate comes back
}

// slowFor is how long the corp's calls stay slowed after a minute-limit
// error; minRateAfterFreqHit is the floor of the halving.
const (
	slowFor             = 10 * time.Minute
	minRateAfterFreqHit = rate.Limit(5)
)

// left is how long endpoint is still blocked; it also restores the
// configured rate once the slow period is over.
func (c *Client) freqLeft(endpoint string, now time.Time) time.Duration {
	f := &c.freq
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.slowUntil.IsZero() && now.After(f.slowUntil) {
		c.limiter.SetLimit(f.base)
		f.slowUntil = time.Time{}
	}
	return f.until[endpoint].Sub(now)
}

// frequencyHit records a minute-limit error: the endpoint is blocked for
// the hold, and a configured per-corp rate limit is halved (not below 5/s)
// on the first hit of a block, for ten minutes, so the next minute does not
// hit the limit again. It returns how long to wait before retrying.
func (c *Client) frequencyHit(endpoint string) time.Duration {
	f := &c.freq
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	first := !now.Before(f.until[endpoint])
	f.until[endpoint] = now.Add(f.hold)
	if lim := c.limiter.Limit(); first && lim != rate.Inf {
		if next := max(lim/2, minRateAfterFreqHit); next < lim {
			c.limiter.SetLimit(next)
			c.log.Warn("wecom frequency limit: slowing the corp's calls", "endpoint", endpoint, "rate_per_second", float64(next))
		}
		f.slowUntil = now.Add(slowFor)
	}
	return f.hold
}

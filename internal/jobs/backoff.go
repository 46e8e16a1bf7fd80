package jobs

import (
	"math"
	"math/rand/v2"
	"time"
)

// retryDelay is exponential backoff with full jitter: a uniform draw from
// [0, min(MaxDelay, InitialDelay * Multiplier^(attempt-1))]. Full jitter
// spreads a burst of failures (a WeCom outage failing every media download
// at once) over the whole window instead of retrying them in lockstep.
// attempt is the attempt that just failed, starting at 1.
func retryDelay(p Policy, attempt int, rnd func(n int64) int64) time.Duration {
	ceiling := float64(p.InitialDelay) * math.Pow(p.Multiplier, float64(max(attempt-1, 0)))
	if ceiling > float64(p.MaxDelay) || math.IsInf(ceiling, 0) || math.IsNaN(ceiling) {
		ceiling = float64(p.MaxDelay)
	}
	c := int64(ceiling)
	if c <= 0 {
		return 0
	}
	return time.Duration(rnd(c + 1))
}

func defaultRand(n int64) int64 { return rand.Int64N(n) }

package app_test

import (
	"wecomadmin/internal/app"
	"wecomadmin/internal/config"
)

// simConfig is the demo's config for a portal whose one corp is served by
// an in-process simulator at simURL, without the client-side rate limit
// that protects real WeCom. The simulator enforces its own per-minute
// limits (which the fault tests exercise); at the production default of 50
// calls a second an HR sync of the seed's members spends ~10 s waiting on
// the limiter and nothing else.
func simConfig(dir, simURL, corpID string) config.Config {
	cfg := app.DemoConfig("127.0.0.1:0", dir, simURL, corpID)
	cfg.WeCom.RatePerSecond, cfg.WeCom.Burst = 100000, 1000
	return cfg
}

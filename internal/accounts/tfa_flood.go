package accounts

import (
	"context"
	"regexp"
	"time"
)

// The TFA page is public: anyone can send junk to it. These bound what junk
// costs: WeCom is asked only about codes shaped like WeCom's, each address
// may start only so many verifications, and a rejected start is audited
// once per address and window rather than once per request.
const (
	tfaStartsPerIP      = 30 // starts per address per window
	tfaStartWindow      = 10 * time.Minute
	tfaRejectAuditEvery = 10 * time.Minute // one audited rejection per address per window
)

// tfaCodeRe is the shape of WeCom's one-shot ?code=: URL-safe, a few dozen
// characters. Anything else never reaches get_tfa_info.
var tfaCodeRe = regexp.MustCompile(`^[A-Za-z0-9_-]{8,128}$`)

// tfaStartGate refuses a start before any WeCom call: no code or an
// oversized one (bad request), a malformed one (invalid, as WeCom would
// say), or an address over its budget.
func (s *Service) tfaStartGate(ctx context.Context, code, ip string) (TFAView, bool) {
	switch {
	case code == "" || len(code) > 512:
		return TFAView{Outcome: TFABadRequest}, false
	case !tfaCodeRe.MatchString(code):
		return TFAView{Outcome: TFAInvalidCode}, false
	}
	return s.tfaLimited(ctx, "start-ip:"+ip, tfaStartsPerIP, tfaStartWindow)
}

// tfaAuditStart says whether a start is audited: every accepted one, and
// the first rejection per address and window (the rest are counted by the
// limiter and visible in metrics, not written to the trail).
func (s *Service) tfaAuditStart(ctx context.Context, v TFAView, ip string) bool {
	switch v.Outcome {
	case TFABadRequest, TFAInvalidCode, TFARateLimited:
		_, first := s.tfaLimited(ctx, "start-reject:"+ip, 1, tfaRejectAuditEvery)
		return first
	}
	return true
}

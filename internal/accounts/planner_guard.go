package accounts

import "fmt"

// DefaultRemovalLimitPercent is the share of a corp's active employees a
// plan may disable or delete because their HR rows are gone. A partial HR
// file (30 of 171 rows) otherwise plans the other 141 away.
const DefaultRemovalLimitPercent = 10.0

// CodeRemovalLimit is the refusal code of a plan stopped by the guard.
const CodeRemovalLimit = "removal_limit_exceeded"

// RemovalGuard is the check on removed rows a plan carries: above the limit
// the plan is refused until a second person overrides it (audited).
type RemovalGuard struct {
	Removals     int     `json:"removals"` // removed rows planned as disable or delete
	Active       int     `json:"active"`   // the corp's active employees in our copy
	LimitPercent float64 `json:"limit_percent"`
	Exceeded     bool    `json:"exceeded"`
	Code         string  `json:"code,omitempty"`
	Reason       string  `json:"reason,omitempty"`
	OverriddenBy string  `json:"overridden_by,omitempty"`
}

// guard counts the plan's removals against the active employees we know.
func (b *builder) guard() {
	g := RemovalGuard{LimitPercent: DefaultRemovalLimitPercent}
	for _, k := range b.in.Known {
		if k.HRStatus == HRActive {
			g.Active++
		}
	}
	for _, e := range b.plan.Employees {
		if e.HRStatus == HRRemoved && e.Action.Destructive() {
			g.Removals++
		}
	}
	if g.Removals > 0 && float64(g.Removals)*100 > g.LimitPercent*float64(g.Active) {
		g.Exceeded, g.Code = true, CodeRemovalLimit
		g.Reason = fmt.Sprintf("%d of %d active employees are missing from the HR file and would be disabled or deleted, above the %g%% limit; "+
			"check that the file is complete, or have a second person override the limit", g.Removals, g.Active, g.LimitPercent)
	}
	b.plan.Guard = g
}

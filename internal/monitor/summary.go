package monitor

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// RuleRate is how often a rule's alerts were dispositioned false positive.
type RuleRate struct {
	Rule           string  `json:"rule"`
	Label          string  `json:"label"`
	Decided        int     `json:"decided"`
	FalsePositives int     `json:"false_positives"`
	Rate           float64 `json:"rate"`
}

// DayPoint is one day of the series (days in China Standard Time).
type DayPoint struct {
	Day    string         `json:"day"` // 2026-12-07
	Labels map[string]int `json:"labels"`
	QC     int            `json:"qc"`
}

// Summary is the monitoring dashboard's tiles for a corp and time range
// (by message time), in the caller's scope.
type Summary struct {
	Corp     string `json:"corp"`
	CorpID   string `json:"corp_id"`
	From     int64  `json:"from"`
	To       int64  `json:"to"`
	Messages int64  `json:"messages"`
	// Alerts and PerThousand count alerts by label (an alert counts for each of its labels).
	Alerts      map[string]int     `json:"alerts"`
	PerThousand map[string]float64 `json:"per_1000_messages"`
	// Open, InReview, AwaitingApproval and Overdue are the queue now (any message time).
	Open             int64 `json:"open"`
	InReview         int64 `json:"in_review"`
	AwaitingApproval int   `json:"awaiting_approval"`
	Overdue          int64 `json:"overdue"`
	// MedianDispositionMS is the median time from an alert's creation to its disposition.
	MedianDispositionMS *int64     `json:"median_time_to_disposition_ms"`
	FalsePositiveByRule []RuleRate `json:"false_positive_rate_by_rule"`
	Series              []DayPoint `json:"series"`
	// Truncated: more than MaxSummaryAlerts alerts in the range; the tiles count the newest.
	Truncated bool `json:"truncated"`
}

// MaxSummaryAlerts bounds the alerts one summary reads.
const MaxSummaryAlerts = 50000

var cst = time.FixedZone("CST", 8*3600)

// Summary computes the dashboard tiles (default range: the last 30 days).
func (s *Service) Summary(ctx context.Context, corpRef string, from, to int64) (Summary, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return Summary{}, err
	}
	if err := allowCorp(ctx, auth.AlertsRead, c.CorpID); err != nil {
		return Summary{}, err
	}
	now := s.nowMS()
	if to <= 0 {
		to = now
	}
	if from <= 0 {
		from = to - 30*24*3600*1000
	}
	if from > to {
		return Summary{}, invalid("from is after to")
	}
	sc := scope(ctx, auth.AlertsRead, c.CorpID)
	out := Summary{Corp: c.Key, CorpID: c.CorpID, From: from, To: to, Alerts: map[string]int{}, PerThousand: map[string]float64{},
		FalsePositiveByRule: []RuleRate{}, Series: []DayPoint{}}
	if out.Messages, err = s.st.CountMessages(ctx, store.MessageFilter{CorpID: c.CorpID, From: from, To: to, Scope: sc}); err != nil {
		return Summary{}, err
	}
	queue := store.AlertFilter{CorpID: c.CorpID, Scope: sc, Now: now}
	for _, q := range []struct {
		state string
		dst   *int64
	}{{StateOpen, &out.Open}, {StateInReview, &out.InReview}} {
		f := queue
		f.State = q.state
		if *q.dst, err = s.st.CountAlerts(ctx, f); err != nil {
			return Summary{}, err
		}
	}
	yes := true
	f := queue
	f.Overdue = &yes
	if out.Overdue, err = s.st.CountAlerts(ctx, f); err != nil {
		return Summary{}, err
	}
	rows, err := s.st.ListAlerts(ctx, store.AlertFilter{CorpID: c.CorpID, Scope: sc, From: from, To: to}, MaxSummaryAlerts+1)
	if err != nil {
		return Summary{}, err
	}
	if len(rows) > MaxSummaryAlerts {
		rows, out.Truncated = rows[:MaxSummaryAlerts], true
	}
	tally(&out, rows)
	err = s.audit.Record(ctx, audit.Event{Action: audit.AlertList, Target: "alerts:summary", CorpID: c.CorpID,
		Metadata: map[string]any{"from": from, "to": to}})
	return out, err
}

// tally fills the per-label, per-rule and per-day tiles from the alerts.
func tally(out *Summary, rows []store.Alert) {
	days := map[string]*DayPoint{}
	rules := map[[2]string]*RuleRate{}
	var waits []int64
	for _, a := range rows {
		day := time.UnixMilli(a.MsgTime).In(cst).Format("2006-01-02")
		dp := days[day]
		if dp == nil {
			dp = &DayPoint{Day: day, Labels: map[string]int{}}
			days[day] = dp
		}
		if a.QCSample {
			dp.QC++
		}
		for _, l := range a.Labels {
			out.Alerts[l]++
			dp.Labels[l]++
		}
		if a.NeedsApproval {
			out.AwaitingApproval++
		}
		if a.Disposition == "" {
			continue
		}
		waits = append(waits, max(0, a.DispositionedAt-a.CreatedAt))
		var hits []detect.Hit
		_ = json.Unmarshal([]byte(a.Hits), &hits)
		seen := map[[2]string]bool{}
		for _, h := range hits {
			k := [2]string{h.Rule, h.Label}
			if seen[k] {
				continue
			}
			seen[k] = true
			r := rules[k]
			if r == nil {
				r = &RuleRate{Rule: h.Rule, Label: h.Label}
				rules[k] = r
			}
			r.Decided++
			if a.Disposition == "false_positive" {
				r.FalsePositives++
			}
		}
	}
	if out.Messages > 0 {
		for l, n := range out.Alerts {
			out.PerThousand[l] = float64(n) * 1000 / float64(out.Messages)
		}
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		m := waits[len(waits)/2]
		if len(waits)%2 == 0 {
			m = (waits[len(waits)/2-1] + waits[len(waits)/2]) / 2
		}
		out.MedianDispositionMS = &m
	}
	for _, r := range rules {
		r.Rate = float64(r.FalsePositives) / float64(r.Decided)
		out.FalsePositiveByRule = append(out.FalsePositiveByRule, *r)
	}
	sort.Slice(out.FalsePositiveByRule, func(i, j int) bool {
		a, b := out.FalsePositiveByRule[i], out.FalsePositiveByRule[j]
		if a.Rate != b.Rate {
			return a.Rate > b.Rate
		}
		return a.Rule < b.Rule
	})
	for _, dp := range days {
		out.Series = append(out.Series, *dp)
	}
	sort.Slice(out.Series, func(i, j int) bool { return out.Series[i].Day < out.Series[j].Day })
	for _, l := range detect.Labels {
		if _, ok := out.Alerts[l]; !ok {
			out.Alerts[l], out.PerThousand[l] = 0, 0
		}
	}
}

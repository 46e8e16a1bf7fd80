package retention

import (
	"context"
	"slices"

	"wecomadmin/internal/store"
)

// Preview is what a sweep would do now, changing nothing: the settings
// page shows it before rules are saved or a sweep is run.
type Preview struct {
	CorpID    string `json:"corp_id"`
	AsOf      int64  `json:"as_of"`     // ms
	Deletable int    `json:"deletable"` // messages a sweep would delete now
	Held      int    `json:"held"`      // past age but kept by a legal hold
	// KeptOpenAlert: past age, no hold, kept because an alert on it is not closed.
	KeptOpenAlert int            `json:"kept_open_alert"`
	Media         int            `json:"media"` // media files of the deletable messages
	ByMsgType     map[string]int `json:"by_msgtype"`
	ByRule        []RuleCount    `json:"by_rule"`
	ByHold        []HoldCount    `json:"by_hold"`
	Oldest        int64          `json:"oldest,omitempty"` // msgtime range of the deletable messages
	Newest        int64          `json:"newest,omitempty"`
	FloorDays     int            `json:"floor_days"`
}

// RuleCount is how many messages a rule would delete.
type RuleCount struct {
	RuleID     int64  `json:"rule_id"`
	MsgType    string `json:"msgtype"`
	Department string `json:"department"`
	Days       int    `json:"days"`
	Count      int    `json:"count"`
}

// HoldCount is how many messages past their age a hold keeps.
type HoldCount struct {
	HoldID int64  `json:"hold_id"`
	Matter string `json:"matter"`
	Count  int    `json:"count"`
}

// Preview runs the sweep's decisions without deleting anything.
func (s *Service) Preview(ctx context.Context, corpID string) (Preview, error) {
	if err := allow(ctx, corpID); err != nil {
		return Preview{}, err
	}
	p := Preview{CorpID: corpID, AsOf: s.now().UnixMilli(), ByMsgType: map[string]int{}, ByRule: []RuleCount{},
		ByHold: []HoldCount{}, FloorDays: s.o.FloorDays}
	rules := map[int64]int{}
	holds := map[int64]int{}
	err := s.scan(ctx, corpID, func(vs []verdict) error {
		var msgids []string
		for _, v := range vs {
			if v.hold != 0 {
				p.Held++
				if _, ok := holds[v.hold]; !ok {
					holds[v.hold] = len(p.ByHold)
					p.ByHold = append(p.ByHold, HoldCount{HoldID: v.hold})
				}
				p.ByHold[holds[v.hold]].Count++
				continue
			}
			if v.openAlert {
				p.KeptOpenAlert++
				continue
			}
			p.Deletable++
			p.ByMsgType[v.m.MsgType]++
			if _, ok := rules[v.rule.ID]; !ok {
				rules[v.rule.ID] = len(p.ByRule)
				p.ByRule = append(p.ByRule, RuleCount{RuleID: v.rule.ID, MsgType: v.rule.MsgType, Department: v.rule.Department, Days: v.rule.Days})
			}
			p.ByRule[rules[v.rule.ID]].Count++
			if p.Oldest == 0 || v.m.MsgTime < p.Oldest {
				p.Oldest = v.m.MsgTime
			}
			p.Newest = max(p.Newest, v.m.MsgTime)
			msgids = append(msgids, v.m.MsgID)
		}
		n, err := s.st.MediaCount(ctx, corpID, msgids)
		p.Media += n
		return err
	})
	if err != nil {
		return p, err
	}
	if len(p.ByHold) > 0 {
		hs, err := s.st.LegalHolds(ctx, corpID, "active")
		if err != nil {
			return p, err
		}
		for i := range p.ByHold {
			if j := slices.IndexFunc(hs, func(h store.LegalHold) bool { return h.ID == p.ByHold[i].HoldID }); j >= 0 {
				p.ByHold[i].Matter = hs[j].Matter
			}
		}
	}
	return p, nil
}

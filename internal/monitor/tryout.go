package monitor

import (
	"context"
	"encoding/json"
	"slices"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// Test classifies a text under the corp's policy in force, or under the
// given policy document (not saved): the editor's "test on this text".
func (s *Service) Test(ctx context.Context, corpRef, text string, policy json.RawMessage) (detect.Result, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return detect.Result{}, err
	}
	if err := allowCorp(ctx, auth.AlertsRead, c.CorpID); err != nil {
		return detect.Result{}, err
	}
	if len([]rune(text)) > MaxTestText {
		return detect.Result{}, invalid("text is longer than %d characters", MaxTestText)
	}
	d, err := s.detectorWith(ctx, c.CorpID, policy)
	if err != nil {
		return detect.Result{}, err
	}
	res := s.classify(d, detect.Input{Text: text})
	err = s.audit.Record(ctx, audit.Event{Action: audit.MonitoringTest, Target: "monitoring:test", CorpID: c.CorpID,
		Metadata: map[string]any{"length": len([]rune(text)), "proposed_policy": len(policy) > 0, "labels": res.Labels}})
	return res, err
}

func (s *Service) detectorWith(ctx context.Context, corpID string, policy json.RawMessage) (*corpDetector, error) {
	if len(policy) > 0 && string(policy) != "null" {
		var text string // a YAML document sent as a JSON string
		if json.Unmarshal(policy, &text) == nil {
			policy = json.RawMessage(text)
		}
		return s.buildDetector(ctx, corpID, policy)
	}
	return s.detectorFor(ctx, corpID)
}

// PreviewResult compares a proposed policy with the one in force over the
// corp's newest messages.
type PreviewResult struct {
	Corp     string `json:"corp"`
	CorpID   string `json:"corp_id"`
	Messages int    `json:"messages"` // messages classified
	// Sampled: Messages is the newest PreviewSample messages, not the whole history.
	Sampled  bool           `json:"sampled"`
	Current  int            `json:"current"`  // messages the policy in force flags
	Proposed int            `json:"proposed"` // messages the proposed policy flags
	Added    int            `json:"added"`    // flagged by the proposal only
	Removed  int            `json:"removed"`  // flagged by the policy in force only
	ByLabel  map[string]int `json:"by_label"` // the proposal's flags per label
}

// PreviewSample is how many of the newest messages a preview classifies.
const PreviewSample = 5000

// Preview reports how many historical messages policy would flag beside
// the policy in force (a bounded sample: the newest PreviewSample).
func (s *Service) Preview(ctx context.Context, corpRef string, policy json.RawMessage) (PreviewResult, error) {
	c, err := s.corpRef(ctx, corpRef)
	if err != nil {
		return PreviewResult{}, err
	}
	if err := allowCorp(ctx, auth.AlertsRead, c.CorpID); err != nil {
		return PreviewResult{}, err
	}
	cur, err := s.detectorFor(ctx, c.CorpID)
	if err != nil {
		return PreviewResult{}, err
	}
	prop, err := s.detectorWith(ctx, c.CorpID, policy)
	if err != nil {
		return PreviewResult{}, err
	}
	msgs, err := s.st.ListMessages(ctx, store.MessageFilter{CorpID: c.CorpID, Scope: store.DeptScope{All: true}}, 0, false, PreviewSample+1)
	if err != nil {
		return PreviewResult{}, err
	}
	out := PreviewResult{Corp: c.Key, CorpID: c.CorpID, ByLabel: map[string]int{}}
	if len(msgs) > PreviewSample {
		msgs, out.Sampled = msgs[:PreviewSample], true
	}
	slices.Reverse(msgs)
	ctxs := map[string][]string{}
	for _, m := range msgs {
		text := classifiedText(m)
		in := detect.Input{Text: text, MsgType: m.MsgType, Context: ctxs[m.ConversationID]}
		if e := employeeOf(m); e != "" && e == m.From {
			in.Speaker = "rep"
		}
		a, b := len(s.classify(cur, in).Labels) > 0, s.classify(prop, in)
		out.Messages++
		if a {
			out.Current++
		}
		if len(b.Labels) > 0 {
			out.Proposed++
			for _, l := range b.Labels {
				out.ByLabel[l]++
			}
		}
		switch {
		case a && len(b.Labels) == 0:
			out.Removed++
		case !a && len(b.Labels) > 0:
			out.Added++
		}
		w := append(ctxs[m.ConversationID], text)
		ctxs[m.ConversationID] = w[max(0, len(w)-s.o.ContextMessages):]
	}
	err = s.audit.Record(ctx, audit.Event{Action: audit.MonitoringTest, Target: "monitoring:preview", CorpID: c.CorpID,
		Metadata: map[string]any{"messages": out.Messages, "current": out.Current, "proposed": out.Proposed}})
	return out, err
}

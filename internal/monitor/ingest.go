package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// OnMessage classifies a message just stored by ingest and stores its
// alert, in the ingest transaction when ctx carries it: a message is not
// caught up until it has been classified.
func (s *Service) OnMessage(ctx context.Context, m store.Message) error {
	if skipped(m) {
		return nil
	}
	key := m.CorpID + "\x00" + m.ConversationID
	prior, ok := s.recent.get(key)
	if !ok && m.ConversationID != "" {
		var err error
		if prior, err = s.earlier(ctx, m); err != nil {
			return err
		}
	}
	text := classifiedText(m)
	_, err := s.classifyInto(ctx, m, text, prior)
	if m.ConversationID != "" {
		s.recent.add(key, prior, text)
	}
	return err
}

// earlier reads the conversation's previous messages from the store.
func (s *Service) earlier(ctx context.Context, m store.Message) ([]string, error) {
	f := store.MessageFilter{CorpID: m.CorpID, ConversationID: m.ConversationID, To: m.MsgTime, Scope: store.DeptScope{All: true}}
	if m.ID > 0 {
		f.BeforeID = m.ID
	}
	rows, err := s.st.ListMessages(ctx, f, 0, false, s.o.ContextMessages+4)
	if err != nil {
		return nil, fmt.Errorf("monitor: context of %s: %w", m.MsgID, err)
	}
	var out []string
	for _, r := range rows {
		if r.MsgID != m.MsgID && !skipped(r) && len(out) < s.o.ContextMessages {
			out = append(out, classifiedText(r))
		}
	}
	slices.Reverse(out)
	return out, nil
}

// OnTranscript classifies a message again once its voice or call
// transcript has arrived (the media pipeline calls it, in its transaction).
func (s *Service) OnTranscript(ctx context.Context, corpID, msgid, transcript string) error {
	m, err := s.st.MessageByMsgID(ctx, corpID, msgid)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	prior, err := s.earlier(ctx, m)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(classifiedText(m) + "\n" + transcript)
	_, err = s.classifyInto(ctx, m, text, prior)
	return err
}

// classifiedText is what the detectors read of a message: the searchable
// content (body, file names, link titles, chat-record items, mixed parts).
// Transcripts are added when they arrive (OnTranscript).
func classifiedText(m store.Message) string { return m.Content }

// classifyInto classifies m and stores an alert when a label applies; it
// reports whether a new alert was written.
func (s *Service) classifyInto(ctx context.Context, m store.Message, text string, prior []string) (bool, error) {
	d, err := s.detectorFor(ctx, m.CorpID)
	if err != nil {
		return false, err
	}
	employee := employeeOf(m)
	speaker := "hcp"
	if employee != "" && employee == m.From {
		speaker = "rep"
	}
	res := s.classify(d, detect.Input{Text: text, Speaker: speaker, MsgType: m.MsgType, Context: prior})
	if len(res.Labels) == 0 {
		return false, nil
	}
	return s.raise(ctx, m, employee, text, res, d.version, false)
}

// raise stores the alert of a classified message (or a QC sample).
func (s *Service) raise(ctx context.Context, m store.Message, employee, text string, res detect.Result, version string, qc bool) (bool, error) {
	hits, err := json.Marshal(res.Hits)
	if err != nil || res.Hits == nil {
		hits = []byte("[]")
	}
	a := store.Alert{CorpID: m.CorpID, MsgID: m.MsgID, ConversationID: m.ConversationID, MsgTime: m.MsgTime,
		Employee: employee, Labels: res.Labels, Severity: res.Severity, PolicyVersion: version, QCSample: qc,
		Hits: string(hits), Text: text}
	if a.Labels == nil {
		a.Labels = []string{}
	}
	if slices.Contains(res.Labels, detect.LabelAE) {
		set, err := s.Settings(ctx, m.CorpID)
		if err != nil {
			return false, err
		}
		a.DueAt = m.MsgTime + int64(set.AEDueDays)*24*3600*1000
	}
	a, created, err := s.st.InsertAlert(ctx, a)
	if err != nil || !created {
		return false, err
	}
	action, detail := "created", strings.Join(a.Labels, ",")
	if qc {
		action, detail = "qc_sampled", ""
	}
	return true, s.st.AddAlertEvent(ctx, store.AlertEvent{AlertID: a.ID, CorpID: a.CorpID, Actor: "system", Action: action,
		ToState: a.State, Detail: detail})
}

// employeeOf is the message's employee party: the sender unless it is an
// external contact or a robot, else the first employee recipient.
func employeeOf(m store.Message) string {
	if m.From != "" && !external(m.From) {
		return m.From
	}
	var to []string
	_ = json.Unmarshal([]byte(m.ToList), &to)
	for _, t := range to {
		if !external(t) {
			return t
		}
	}
	return ""
}

// external: WeCom external contact ids start with wo or wm, robots with wb.
func external(id string) bool {
	return strings.HasPrefix(id, "wo") || strings.HasPrefix(id, "wm") || strings.HasPrefix(id, "wb")
}

package monitor

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// ContextMessage is a message of the conversation around the alert's.
type ContextMessage struct {
	MsgID    string `json:"msgid"`
	MsgTime  int64  `json:"msgtime"`
	MsgType  string `json:"msgtype"`
	From     string `json:"from"`
	FromName string `json:"from_name"`
	Content  string `json:"content"`
	Flagged  bool   `json:"flagged"` // the alert's own message
}

// Detail is one alert with everything a reviewer needs to decide it.
type Detail struct {
	Item
	Text      string                `json:"text"`
	Context   []ContextMessage      `json:"context"`
	Notes     []store.AlertNote     `json:"notes"`
	History   []store.AlertEvent    `json:"history"`
	Approvals []store.AlertApproval `json:"approvals"`
	// FourEyes says whether closing this alert needs a second person.
	FourEyes bool `json:"four_eyes"`
}

// contextAround is how many messages before and after the alert's are shown.
const contextAround = 5

// Get returns an alert in the caller's scope, audited as alert.view.
func (s *Service) Get(ctx context.Context, id int64) (Detail, error) {
	d, err := s.detail(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	err = s.audit.Record(ctx, audit.Event{Action: audit.AlertView, Target: fmt.Sprintf("alert:%d", id), CorpID: d.CorpID,
		Metadata: map[string]any{"msgid": d.MsgID, "conversation_id": d.ConversationID}})
	if err != nil {
		return Detail{}, fmt.Errorf("monitor: audit: %w", err)
	}
	return d, nil
}

func (s *Service) detail(ctx context.Context, id int64) (Detail, error) {
	a, err := s.visible(ctx, auth.AlertsRead, id)
	if err != nil {
		return Detail{}, err
	}
	keys, err := s.corpKeys(ctx)
	if err != nil {
		return Detail{}, err
	}
	items, err := s.items(ctx, store.Corp{CorpID: a.CorpID, Key: keys[a.CorpID]}, []store.Alert{a})
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Item: items[0], Text: a.Text}
	if d.Context, err = s.around(ctx, a); err != nil {
		return Detail{}, err
	}
	if d.Notes, err = s.st.AlertNotes(ctx, id); err != nil {
		return Detail{}, err
	}
	if d.History, err = s.st.AlertEvents(ctx, id); err != nil {
		return Detail{}, err
	}
	if d.Approvals, err = s.st.AlertApprovals(ctx, id); err != nil {
		return Detail{}, err
	}
	set, err := s.Settings(ctx, a.CorpID)
	if err != nil {
		return Detail{}, err
	}
	d.FourEyes = needsFourEyes(set, a)
	return d, nil
}

// around reads the conversation's messages before and after the alert's.
// A closed alert outlives its message (retention may purge it): then there
// is no context to show, and the alert's own text and hits still stand.
func (s *Service) around(ctx context.Context, a store.Alert) ([]ContextMessage, error) {
	m, err := s.st.MessageByMsgID(ctx, a.CorpID, a.MsgID)
	if errors.Is(err, store.ErrNotFound) {
		return []ContextMessage{}, nil
	}
	if err != nil {
		return nil, err
	}
	f := store.MessageFilter{CorpID: a.CorpID, ConversationID: m.ConversationID, Scope: store.DeptScope{All: true}}
	var msgs []store.Message
	if m.ConversationID != "" {
		f.BeforeID = m.ID
		before, err := s.st.ListMessages(ctx, f, 0, false, contextAround)
		if err != nil {
			return nil, err
		}
		f.BeforeID = 0
		after, err := s.st.ListMessages(ctx, f, m.ID, true, contextAround)
		if err != nil {
			return nil, err
		}
		slices.Reverse(before)
		msgs = append(append(before, m), after...)
	} else {
		msgs = []store.Message{m}
	}
	var ids []string
	for _, x := range msgs {
		if !slices.Contains(ids, x.From) {
			ids = append(ids, x.From)
		}
	}
	names, err := s.st.PartyNames(ctx, a.CorpID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ContextMessage, 0, len(msgs))
	for _, x := range msgs {
		out = append(out, ContextMessage{MsgID: x.MsgID, MsgTime: x.MsgTime, MsgType: x.MsgType, From: x.From,
			FromName: names[x.From].Name, Content: x.Content, Flagged: x.MsgID == a.MsgID})
	}
	return out, nil
}

// MarksFor maps msgids of a corp to their alerts, for thread views.
func (s *Service) MarksFor(ctx context.Context, corpID string, msgids []string) (map[string][]store.AlertRef, error) {
	return s.st.AlertsForMessages(ctx, corpID, msgids)
}

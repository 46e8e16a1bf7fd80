package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// ViewStore is what the conversation views need of the store.
type ViewStore interface {
	ListConversationSummaries(ctx context.Context, f store.ConversationFilter, limit int) ([]store.ConversationSummary, error)
	ListMessages(ctx context.Context, f store.MessageFilter, afterID int64, asc bool, limit int) ([]store.Message, error)
	MessageByMsgID(ctx context.Context, corpID, msgid string) (store.Message, error)
	Recalls(ctx context.Context, corpID string, msgids []string) (map[string]store.Message, error)
	MediaRefs(ctx context.Context, corpID string, msgids []string) (map[string][]store.MediaRef, error)
	ArchiveRoomByID(ctx context.Context, corpID, roomID string) (store.ArchiveRoom, error)
	PartyNames(ctx context.Context, corpID string, ids []string) (map[string]store.PartyName, error)
	RoomNames(ctx context.Context, corpID string, roomIDs []string) (map[string]string, error)
	AlertsForMessages(ctx context.Context, corpID string, msgids []string) (map[string][]store.AlertRef, error)
	Suggest(ctx context.Context, f store.SuggestFilter) ([]store.Suggestion, error)
}

// ConversationRow is one entry of a conversation list.
type ConversationRow struct {
	ConversationID string   `json:"conversation_id"`
	Kind           string   `json:"kind"`
	RoomID         string   `json:"roomid"`
	Participants   []string `json:"participants"`
	FirstMsgTime   int64    `json:"first_msgtime"`
	LastMsgTime    int64    `json:"last_msgtime"`
	MessageCount   int64    `json:"message_count"`
	Consent        string   `json:"consent"`
	RoomName       string   `json:"room_name,omitempty"`
	// Names maps each participant id to its display name (absent when the
	// employee or contact has not been synced).
	Names       map[string]store.PartyName `json:"names"`
	LastMessage struct {
		From    string `json:"from"`
		MsgType string `json:"msgtype"`
		Preview string `json:"preview"`
	} `json:"last_message"`
}

// ConversationList is one page of conversations.
type ConversationList struct {
	Items      []ConversationRow `json:"items"`
	NextCursor string            `json:"next_cursor"`
}

// Conversations lists conversations by employee, contact or group, newest first.
func (s *Service) Conversations(ctx context.Context, f store.ConversationFilter, limit int, cursor string) (ConversationList, error) {
	ctx = store.ReadReplica(ctx) // may be served by db_read: a second of lag is fine here, writes stay on the primary
	if f.CorpID == "" {
		return ConversationList{}, invalid("corp is required")
	}
	if limit <= 0 || limit > MaxLimit {
		limit = DefaultLimit
	}
	if cursor != "" {
		t, id, ok := strings.Cut(cursor, ":")
		n, err := strconv.ParseInt(t, 10, 64)
		if !ok || err != nil {
			return ConversationList{}, invalid("cursor is not one this API returned")
		}
		f.BeforeTime, f.BeforeID = n, id
	}
	f.Scope = auth.ScopeFromContext(ctx, auth.MessagesRead, f.CorpID)
	rows, err := s.st.ListConversationSummaries(ctx, f, limit+1)
	if err != nil {
		return ConversationList{}, err
	}
	out := ConversationList{Items: []ConversationRow{}}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		out.NextCursor = strconv.FormatInt(last.LastMsgTime, 10) + ":" + last.ConversationID
	}
	for _, c := range rows {
		r := ConversationRow{ConversationID: c.ConversationID, Kind: c.Kind, RoomID: c.RoomID, Participants: c.Participants,
			FirstMsgTime: c.FirstMsgTime, LastMsgTime: c.LastMsgTime, MessageCount: c.MessageCount, Consent: c.Consent}
		r.LastMessage.From, r.LastMessage.MsgType = c.LastFrom, c.LastType
		r.LastMessage.Preview = string([]rune(c.LastContent)[:min(len([]rune(c.LastContent)), 80)])
		out.Items = append(out.Items, r)
	}
	if err := s.nameConversations(ctx, f.CorpID, out.Items); err != nil {
		return ConversationList{}, err
	}
	// Previews are conversation content: the list read is audited too.
	ids := make([]string, len(out.Items))
	for i, it := range out.Items {
		ids[i] = it.ConversationID
	}
	err = s.audit.Record(ctx, audit.Event{Action: audit.ConversationList, Target: "conversations", CorpID: f.CorpID,
		Metadata: map[string]any{"employee": f.Employee, "contact": f.Contact, "room": f.RoomID, "kind": f.Kind,
			"cursor": cursor, "returned": len(ids), "conversations": ids}})
	if err != nil {
		return ConversationList{}, fmt.Errorf("search: audit: %w", err)
	}
	return out, nil
}

// ThreadRequest opens a conversation: around a message (a search hit), or
// older than Before, or newer than After, or its newest page.
type ThreadRequest struct {
	CorpID, ConversationID, Around string
	Before, After                  int64
	Limit                          int
}

// ThreadMessage is a message as a reviewer sees it.
type ThreadMessage struct {
	ID         int64            `json:"-"`
	MsgID      string           `json:"msgid"`
	MsgTime    int64            `json:"msgtime"`
	MsgType    string           `json:"msgtype"`
	From       string           `json:"from"`
	ToList     string           `json:"tolist"`
	Content    string           `json:"content"`
	Recalled   bool             `json:"recalled"`
	RecalledAt int64            `json:"recalled_at,omitempty"`
	Recalls    string           `json:"recalls,omitempty"` // on a revoke: the msgid it recalled
	Media      []store.MediaRef `json:"media"`
	// Meta is the parsed body of the msgtype (field names as WeCom sends
	// them); Raw is the whole decrypted record, sent only when the body did
	// not parse (unknown or partial), so reviewers can still read it.
	Meta        json.RawMessage `json:"meta,omitempty"`
	Raw         json.RawMessage `json:"raw,omitempty"`
	ParseStatus string          `json:"parse_status,omitempty"`
	Action      string          `json:"action,omitempty"`
	// Members is, for a group message, who was in the room when it was
	// sent: the sender and the recipients WeCom archived with it.
	Members []string `json:"members,omitempty"`
	// Alerts are the monitoring alerts raised on the message, so the
	// thread marks flagged messages (QC samples are not marks).
	Alerts []store.AlertRef `json:"alerts"`
}

// Thread is one page of a conversation, oldest first.
type Thread struct {
	ConversationID string          `json:"conversation_id"`
	Items          []ThreadMessage `json:"items"`
	PrevCursor     string          `json:"prev_cursor"` // pass as before= for older messages
	NextCursor     string          `json:"next_cursor"` // pass as after= for newer messages
	RoomMembers    []string        `json:"room_members,omitempty"`
	RoomMembersAt  int64           `json:"room_members_at,omitempty"` // when the member list was fetched
	RoomName       string          `json:"room_name,omitempty"`
	// Names maps senders, recipients and room members to display names.
	Names map[string]store.PartyName `json:"names"`
}

// Thread returns a page of a conversation in the caller's scope, audited
// as conversation.open.
func (s *Service) Thread(ctx context.Context, req ThreadRequest) (Thread, error) {
	ctx = store.ReadReplica(ctx) // may be served by db_read: a second of lag is fine here, writes stay on the primary
	if req.CorpID == "" || req.ConversationID == "" {
		return Thread{}, invalid("corp and conversation are required")
	}
	limit := req.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = DefaultLimit
	}
	f := store.MessageFilter{CorpID: req.CorpID, ConversationID: req.ConversationID,
		Scope: auth.ScopeFromContext(ctx, auth.MessagesRead, req.CorpID)}
	older, newer, err := s.page(ctx, f, req, limit)
	if err != nil {
		return Thread{}, err
	}
	if len(older)+len(newer) == 0 && req.Before == 0 && req.After == 0 {
		return Thread{}, fmt.Errorf("search: conversation %s: %w", req.ConversationID, store.ErrNotFound)
	}
	slices.Reverse(older)
	msgs := append(older, newer...)
	t := Thread{ConversationID: req.ConversationID, Items: []ThreadMessage{}}
	if err := s.decorate(ctx, req.CorpID, msgs, &t); err != nil {
		return Thread{}, err
	}
	if len(msgs) > 0 {
		t.PrevCursor, t.NextCursor = strconv.FormatInt(msgs[0].ID, 10), strconv.FormatInt(msgs[len(msgs)-1].ID, 10)
		if rid := msgs[0].RoomID; rid != "" {
			if room, err := s.st.ArchiveRoomByID(ctx, req.CorpID, rid); err == nil {
				t.RoomMembers, t.RoomMembersAt = room.Members, room.FetchedAt
			} else if !errors.Is(err, store.ErrNotFound) {
				return Thread{}, err
			}
		}
	}
	if err := s.nameThread(ctx, req.CorpID, msgs, &t); err != nil {
		return Thread{}, err
	}
	err = s.audit.Record(ctx, audit.Event{Action: audit.ConversationOpen, Target: "conversation:" + req.ConversationID,
		CorpID: req.CorpID, Metadata: map[string]any{"around": req.Around, "before": req.Before, "after": req.After,
			"returned": len(t.Items)}})
	if err != nil {
		return Thread{}, fmt.Errorf("search: audit: %w", err)
	}
	return t, nil
}

// page fetches the messages before and after the anchor.
func (s *Service) page(ctx context.Context, f store.MessageFilter, req ThreadRequest, limit int) (older, newer []store.Message, err error) {
	switch {
	case req.Around != "":
		anchor, err := s.st.MessageByMsgID(ctx, req.CorpID, req.Around)
		if err != nil {
			return nil, nil, err
		}
		if anchor.ConversationID != req.ConversationID {
			return nil, nil, invalid("around is not a message of this conversation")
		}
		f.BeforeID = anchor.ID + 1
		if older, err = s.st.ListMessages(ctx, f, 0, false, limit/2+1); err != nil {
			return nil, nil, err
		}
		if len(older) == 0 || older[0].ID != anchor.ID { // anchor outside the caller's scope
			return nil, nil, fmt.Errorf("search: message %s: %w", req.Around, store.ErrNotFound)
		}
		f.BeforeID = 0
		newer, err = s.st.ListMessages(ctx, f, anchor.ID, true, limit-len(older))
		return older, newer, err
	case req.After > 0:
		newer, err = s.st.ListMessages(ctx, f, req.After, true, limit)
		return nil, newer, err
	default:
		f.BeforeID = req.Before
		older, err = s.st.ListMessages(ctx, f, 0, false, limit)
		return older, nil, err
	}
}

// decorate adds recall markers and media references.
func (s *Service) decorate(ctx context.Context, corpID string, msgs []store.Message, t *Thread) error {
	ids := make([]string, 0, len(msgs))
	for _, m := range msgs {
		ids = append(ids, m.MsgID)
	}
	recalls, err := s.st.Recalls(ctx, corpID, ids)
	if err != nil {
		return err
	}
	media, err := s.st.MediaRefs(ctx, corpID, ids)
	if err != nil {
		return err
	}
	alerts, err := s.st.AlertsForMessages(ctx, corpID, ids)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		tm := ThreadMessage{ID: m.ID, MsgID: m.MsgID, MsgTime: m.MsgTime, MsgType: m.MsgType, From: m.From, ToList: m.ToList,
			Content: m.Content, Media: media[m.MsgID], ParseStatus: m.ParseStatus, Action: m.Action}
		tm.Meta, tm.Raw = bodyJSON(m)
		if tm.Media == nil {
			tm.Media = []store.MediaRef{}
		}
		for i, r := range tm.Media {
			if s.gate != nil {
				tm.Media[i].Serve = s.gate(corpID, r.Quarantined, r.ScanResult, r.BlobKey != "")
			}
		}
		if tm.Alerts = alerts[m.MsgID]; tm.Alerts == nil {
			tm.Alerts = []store.AlertRef{}
		}
		if r, ok := recalls[m.MsgID]; ok {
			tm.Recalled, tm.RecalledAt = true, r.MsgTime
		}
		if m.MsgType == "revoke" {
			tm.Recalls = m.PreMsgID
		}
		if m.RoomID != "" {
			tm.Members = membersAt(m)
		}
		t.Items = append(t.Items, tm)
	}
	return nil
}

func membersAt(m store.Message) []string {
	var to []string
	_ = json.Unmarshal([]byte(m.ToList), &to)
	out := append([]string{m.From}, to...)
	slices.Sort(out)
	return slices.Compact(out)
}

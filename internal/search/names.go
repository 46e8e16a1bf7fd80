package search

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"wecomadmin/internal/store"
)

// nameConversations fills the display names of a conversation page with
// two queries for the whole page, not two per row.
func (s *Service) nameConversations(ctx context.Context, corpID string, rows []ConversationRow) error {
	var ids, rooms []string
	for _, r := range rows {
		ids = append(ids, r.Participants...)
		ids = append(ids, r.LastMessage.From)
		if r.RoomID != "" {
			rooms = append(rooms, r.RoomID)
		}
	}
	names, roomNames, err := s.lookupNames(ctx, corpID, ids, rooms)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Names = pick(names, append(slices.Clone(rows[i].Participants), rows[i].LastMessage.From))
		rows[i].RoomName = roomNames[rows[i].RoomID]
	}
	return nil
}

// nameThread fills the names of everyone seen on a thread page.
func (s *Service) nameThread(ctx context.Context, corpID string, msgs []store.Message, t *Thread) error {
	ids := slices.Clone(t.RoomMembers)
	var rooms []string
	for _, m := range t.Items {
		ids = append(ids, m.From)
		ids = append(ids, m.Members...)
		var to []string
		_ = json.Unmarshal([]byte(m.ToList), &to)
		ids = append(ids, to...)
	}
	if len(msgs) > 0 && msgs[0].RoomID != "" {
		rooms = []string{msgs[0].RoomID}
	}
	names, roomNames, err := s.lookupNames(ctx, corpID, ids, rooms)
	if err != nil {
		return err
	}
	t.Names = names
	if len(rooms) > 0 {
		t.RoomName = roomNames[rooms[0]]
	}
	return nil
}

func (s *Service) lookupNames(ctx context.Context, corpID string, ids, rooms []string) (map[string]store.PartyName, map[string]string, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > 0 && ids[0] == "" {
		ids = ids[1:]
	}
	names, err := s.st.PartyNames(ctx, corpID, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("search: names: %w", err)
	}
	roomNames, err := s.st.RoomNames(ctx, corpID, rooms)
	if err != nil {
		return nil, nil, fmt.Errorf("search: room names: %w", err)
	}
	return names, roomNames, nil
}

func pick(all map[string]store.PartyName, ids []string) map[string]store.PartyName {
	out := map[string]store.PartyName{}
	for _, id := range ids {
		if n, ok := all[id]; ok {
			out[id] = n
		}
	}
	return out
}

// bodyJSON is the message's parsed body, and its raw record when the
// body did not parse; invalid JSON is left out rather than breaking the
// whole response.
func bodyJSON(m store.Message) (meta, raw json.RawMessage) {
	if m.Meta != "" && json.Valid([]byte(m.Meta)) {
		meta = json.RawMessage(m.Meta)
	}
	if m.ParseStatus != "" && m.ParseStatus != "ok" && m.Raw != "" && json.Valid([]byte(m.Raw)) {
		raw = json.RawMessage(m.Raw)
	}
	return meta, raw
}

// nameHits resolves the senders of a search page.
func (s *Service) nameHits(ctx context.Context, corpID string, hits []Hit) (map[string]store.PartyName, error) {
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.From)
	}
	names, _, err := s.lookupNames(ctx, corpID, ids, nil)
	return names, err
}

package store

import (
	"context"
	"fmt"
)

// DisplayNames maps employee, external contact and group ids of a corp to
// one display name each (exports label speakers and conversations with
// it); ids with no name are left out.
func (s *Store) DisplayNames(ctx context.Context, corpID string, ids []string) (map[string]string, error) {
	parties, err := s.PartyNames(ctx, corpID, ids)
	if err != nil {
		return nil, err
	}
	rooms, err := s.RoomNames(ctx, corpID, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(parties)+len(rooms))
	for id, p := range parties {
		if p.Name != "" {
			out[id] = p.Name
		}
	}
	for id, n := range rooms {
		out[id] = n
	}
	return out, nil
}

// CountMessages counts the messages f selects (an export's progress total).
func (s *Store) CountMessages(ctx context.Context, f MessageFilter) (int64, error) {
	if err := s.lineage(ctx, &f); err != nil {
		return 0, err
	}
	w, args := s.messageWhere(f)
	var n int64
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM messages m WHERE "+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count messages: %w", err)
	}
	return n, nil
}

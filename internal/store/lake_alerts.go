package store

import (
	"context"
	"fmt"
)

// LakeAlerts returns a page of a corp's monitoring alerts changed in
// (from, to], ordered by (updated_at, id): an alert whose review moves on
// is in a later window again.
func (s *Store) LakeAlerts(ctx context.Context, corpID string, from, to, afterTime, afterID int64, limit int) ([]Alert, error) {
	return s.lakeAlerts(ctx, `SELECT `+alertCols+` FROM monitor_alerts a WHERE a.corp_id = ? AND a.updated_at > ? AND a.updated_at <= ?
		AND (a.updated_at > ? OR (a.updated_at = ? AND a.id > ?)) ORDER BY a.updated_at, a.id LIMIT ?`,
		corpID, from, to, afterTime, afterTime, afterID, limit)
}

// LakeAlertsOf returns the alerts of the given messages, by msgid, in id order.
func (s *Store) LakeAlertsOf(ctx context.Context, corpID string, msgids []string) (map[string][]Alert, error) {
	out := map[string][]Alert{}
	if len(msgids) == 0 {
		return out, nil
	}
	in, args := inList(corpID, msgids)
	as, err := s.lakeAlerts(ctx, `SELECT `+alertCols+` FROM monitor_alerts a WHERE a.corp_id = ? AND a.msgid IN (`+in+`) ORDER BY a.id`, args...)
	for _, a := range as {
		out[a.MsgID] = append(out[a.MsgID], a)
	}
	return out, err
}

func (s *Store) lakeAlerts(ctx context.Context, q string, args ...any) ([]Alert, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: lake alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("store: lake alerts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

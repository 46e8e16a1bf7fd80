package store

import (
	"context"
	"fmt"
)

// OpenAlertMsgIDs returns which of a corp's msgids carry an alert that is
// not closed: the company must keep those messages while the case is open,
// so the retention sweep treats them like messages under legal hold.
func (s *Store) OpenAlertMsgIDs(ctx context.Context, corpID string, msgids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(msgids) == 0 {
		return out, nil
	}
	args := []any{corpID}
	for _, m := range msgids {
		args = append(args, m)
	}
	rows, err := s.query(ctx, `SELECT DISTINCT msgid FROM monitor_alerts WHERE corp_id = ? AND state <> 'closed'
		AND msgid IN (`+qmarks(len(msgids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: open alert msgids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("store: open alert msgids: %w", err)
		}
		out[m] = true
	}
	return out, rows.Err()
}

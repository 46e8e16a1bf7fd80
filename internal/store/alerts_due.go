package store

import (
	"context"
	"fmt"
)

// RecomputeAEDue sets the due time of a corp's ae alerts that are not
// closed to their message time plus dueMS (a changed ae_due_days setting),
// and writes a "due_changed" event to the history of each alert it moves.
// It returns how many alerts moved. Run it in the settings' transaction.
func (s *Store) RecomputeAEDue(ctx context.Context, corpID string, dueMS int64, actor string) (int64, error) {
	now := s.nowMS()
	moved := `corp_id = ? AND state <> 'closed' AND ` + s.contains("',' || labels || ','", "',ae,'") +
		` AND due_at <> msgtime + CAST(? AS BIGINT)`
	// Events first: afterwards the moved rows no longer differ from their new due time.
	if _, err := s.exec(ctx, `INSERT INTO monitor_alert_events (alert_id, corp_id, at, actor, action, from_state, to_state, detail)
		SELECT id, corp_id, CAST(? AS BIGINT), CAST(? AS TEXT), 'due_changed', state, state,
		'due_at ' || CAST(due_at AS TEXT) || ' -> ' || CAST(msgtime + CAST(? AS BIGINT) AS TEXT)
		FROM monitor_alerts WHERE `+moved, now, actor, dueMS, corpID, dueMS); err != nil {
		return 0, fmt.Errorf("store: recompute ae due of %s: %w", corpID, err)
	}
	res, err := s.exec(ctx, `UPDATE monitor_alerts SET due_at = msgtime + CAST(? AS BIGINT), updated_at = ? WHERE `+moved,
		dueMS, now, corpID, dueMS)
	if err != nil {
		return 0, fmt.Errorf("store: recompute ae due of %s: %w", corpID, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

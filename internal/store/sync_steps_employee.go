package store

import (
	"context"
	"fmt"
)

// EmployeeSyncStep is one sync step that touched an employee, with the
// state and time of the run it belongs to (the employee's history).
type EmployeeSyncStep struct {
	SyncStep
	RunState     string
	RunCreatedAt int64
}

// EmployeeSyncSteps lists the steps of a corp's sync runs that name the
// employee (by HR employee id or WeCom userid), newest run first.
func (s *Store) EmployeeSyncSteps(ctx context.Context, corpID, employeeID, userid string, limit int) ([]EmployeeSyncStep, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.query(ctx, `SELECT st.run_id, st.seq, st.employee_id, st.userid, st.action, st.rule, st.reason, st.changes,
		st.payload, st.state, st.attempts, st.last_error, st.done_at, st.updated_at, r.state, r.created_at
		FROM sync_steps st JOIN sync_runs r ON r.id = st.run_id
		WHERE r.corp_id = ? AND ((? <> '' AND st.employee_id = ?) OR (? <> '' AND st.userid = ?))
		ORDER BY r.created_at DESC, st.run_id DESC, st.seq DESC LIMIT ?`,
		corpID, employeeID, employeeID, userid, userid, limit)
	if err != nil {
		return nil, fmt.Errorf("store: employee sync steps: %w", err)
	}
	defer rows.Close()
	var out []EmployeeSyncStep
	for rows.Next() {
		var e EmployeeSyncStep
		st := &e.SyncStep
		if err := rows.Scan(&st.RunID, &st.Seq, &st.EmployeeID, &st.UserID, &st.Action, &st.Rule, &st.Reason, &st.Changes,
			&st.Payload, &st.State, &st.Attempts, &st.LastError, &st.DoneAt, &st.UpdatedAt, &e.RunState, &e.RunCreatedAt); err != nil {
			return nil, fmt.Errorf("store: scan employee sync step: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

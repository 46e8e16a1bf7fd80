package store

import (
	"context"
	"fmt"
	"strings"
)

// LinkEmployeeAccounts records that the account newUID succeeds oldUID for
// the same employee (seed rule b: a new mobile is a new account), so the
// employee's history spans both. Userids are stored lowercased (WeCom
// compares them case-insensitively); linking again is a no-op.
func (s *Store) LinkEmployeeAccounts(ctx context.Context, corpID, employeeID, oldUID, newUID, rule string) error {
	oldUID, newUID = strings.ToLower(oldUID), strings.ToLower(newUID)
	now := s.nowMS()
	for _, r := range [][2]string{{oldUID, newUID}, {newUID, ""}} {
		_, err := s.exec(ctx, `INSERT INTO employee_accounts (corp_id, userid, employee_id, successor, rule, created_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (corp_id, userid) DO UPDATE SET employee_id = excluded.employee_id,
			successor = CASE WHEN excluded.successor = '' THEN employee_accounts.successor ELSE excluded.successor END`,
			corpID, r[0], employeeID, r[1], rule, now)
		if err != nil {
			return fmt.Errorf("store: link employee accounts %s -> %s: %w", oldUID, newUID, err)
		}
	}
	return nil
}

// EmployeeAccountUserIDs returns every userid of the employee that userid
// belongs to, userid first; just userid when it has no lineage.
func (s *Store) EmployeeAccountUserIDs(ctx context.Context, corpID, userid string) ([]string, error) {
	rows, err := s.readQuery(ctx, `SELECT b.userid FROM employee_accounts a
		JOIN employee_accounts b ON b.corp_id = a.corp_id AND b.employee_id = a.employee_id
		WHERE a.corp_id = ? AND a.userid = ? ORDER BY b.created_at, b.userid`, corpID, strings.ToLower(userid))
	if err != nil {
		return nil, fmt.Errorf("store: employee accounts of %s: %w", userid, err)
	}
	defer rows.Close()
	out := []string{userid}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: employee accounts of %s: %w", userid, err)
		}
		if !strings.EqualFold(id, userid) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// lineage widens an employee filter to every account of that employee
// (a userid with no lineage stays a single party). Called by each message
// read before messageWhere renders the filter.
func (s *Store) lineage(ctx context.Context, f *MessageFilter) error {
	f.employeeIDs = nil
	if f.Employee == "" {
		return nil
	}
	ids, err := s.EmployeeAccountUserIDs(ctx, f.CorpID, f.Employee)
	if err != nil {
		return err
	}
	if len(ids) > 1 {
		f.employeeIDs = ids
	}
	return nil
}

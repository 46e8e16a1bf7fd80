package accounts

import (
	"context"
	"fmt"
)

// HistoryStep is one sync step that touched an employee, with its run.
type HistoryStep struct {
	RunID    int64  `json:"run_id"`
	RunState string `json:"run_state"`
	At       int64  `json:"at"` // ms: when the step finished, else when its run was planned
	Step
}

// EmployeeHistory is what the sync did to one employee, newest first.
type EmployeeHistory struct {
	Employee EmployeeView  `json:"employee"`
	Steps    []HistoryStep `json:"steps"`
}

// HeldLeaver is a leaver whose WeCom account is kept because customers
// still follow them: a handover must come first.
type HeldLeaver struct {
	EmployeeView
	Customers int `json:"customers"`
}

// EmployeeHistory returns the sync steps that named the employee (the
// caller's department scope applies as for Employee).
func (s *Service) EmployeeHistory(ctx context.Context, id int64, limit int) (EmployeeHistory, error) {
	e, err := s.Employee(ctx, id)
	if err != nil {
		return EmployeeHistory{}, err
	}
	rows, err := s.Store.EmployeeSyncSteps(ctx, e.CorpID, e.EmployeeID, e.UserID, limit)
	if err != nil {
		return EmployeeHistory{}, err
	}
	h := EmployeeHistory{Employee: e, Steps: make([]HistoryStep, len(rows))}
	for i, r := range rows {
		at := r.DoneAt
		if at == 0 {
			at = r.RunCreatedAt
		}
		h.Steps[i] = HistoryStep{RunID: r.RunID, RunState: r.RunState, At: at, Step: stepFromRow(r.SyncStep)}
	}
	return h, nil
}

// HeldLeavers lists a corp's leavers who still have customers, so the UI
// can send them to the handover wizard. Without a customer counter no
// leaver can be told apart, and the list is empty.
func (s *Service) HeldLeavers(ctx context.Context, corpKey string) ([]HeldLeaver, error) {
	out := []HeldLeaver{}
	if s.Customers == nil {
		return out, nil
	}
	for offset := 0; ; offset += 500 {
		page, err := s.Employees(ctx, EmployeeQuery{Corp: corpKey, Status: "leaver", Limit: 500, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, e := range page.Items {
			if e.UserID == "" {
				continue
			}
			n, err := s.Customers.CustomerCount(ctx, e.CorpID, e.UserID)
			if err != nil {
				return nil, fmt.Errorf("accounts: customers of %s: %w", e.UserID, err)
			}
			if n > 0 {
				out = append(out, HeldLeaver{EmployeeView: e, Customers: n})
			}
		}
		if offset+len(page.Items) >= page.Total || len(page.Items) == 0 {
			return out, nil
		}
	}
}

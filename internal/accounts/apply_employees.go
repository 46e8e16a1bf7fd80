package accounts

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"wecomadmin/internal/store"
)

// plannedEmployee is what a run remembers of each employee, to update our
// copy once its steps are done.
type plannedEmployee struct {
	Record      *HRRecord `json:"record,omitempty"` // nil for a removed HR row
	EmployeeID  string    `json:"employee_id"`
	UserID      string    `json:"userid"`
	HRStatus    string    `json:"hr_status"`
	WeComStatus int       `json:"wecom_status"`
	RealName    *bool     `json:"real_name_verified"`
	Department  int64     `json:"department"`
	// PrevUserID is the account a mobile change's new account succeeds.
	PrevUserID string `json:"prev_userid,omitempty"`
}

// lineageStore links an employee's accounts; *store.Store is one.
type lineageStore interface {
	LinkEmployeeAccounts(ctx context.Context, corpID, employeeID, oldUID, newUID, rule string) error
}

func plannedEmployees(p *Plan, depts *DeptTree) []plannedEmployee {
	out := make([]plannedEmployee, len(p.Employees))
	for i, e := range p.Employees {
		out[i] = plannedEmployee{Record: e.record, EmployeeID: e.EmployeeID, UserID: e.UserID, HRStatus: e.HRStatus,
			WeComStatus: e.WeComStatus, RealName: e.RealNameVerified}
		if e.record != nil {
			out[i].Department, _ = depts.Resolve(e.record.Department)
		}
		if e.Succession != nil {
			out[i].PrevUserID = e.Succession.OldUserID
		}
	}
	return out
}

// recordEmployees writes our copy of every planned employee with the WeCom
// state the done steps left behind, and starts leavers' grace periods.
func (a *Applier) recordEmployees(ctx context.Context, run store.SyncRun) error {
	var emps []plannedEmployee
	if err := json.Unmarshal([]byte(run.Records), &emps); err != nil {
		return fmt.Errorf("accounts: run %d records: %w", run.ID, err)
	}
	steps, err := a.Store.SyncSteps(ctx, run.ID)
	if err != nil {
		return err
	}
	done := map[string]string{} // lowercased userid -> last done action on it
	failed := map[string]bool{} // lowercased userid -> a create on it did not run
	for _, st := range steps {
		if st.Action == string(ActCreate) && st.State != StepDone {
			failed[strings.ToLower(st.UserID)] = true
		}
		if st.State == StepDone && st.Action != string(ActHandover) {
			a := st.Action
			if st.Action == string(ActUpdate) && strings.Contains(st.Payload, `"enable":1`) {
				a = "enable"
			}
			done[strings.ToLower(st.UserID)] = a
		}
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	nowMS := now().UnixMilli()
	return a.Store.WithTx(ctx, func(ctx context.Context) error {
		for _, e := range emps {
			status, realName := e.WeComStatus, e.RealName
			switch done[strings.ToLower(e.UserID)] {
			case string(ActCreate):
				// A new account has yet to join and verify its real name.
				status, realName = StatusNotActivated, new(bool)
			case string(ActDisable):
				status = StatusDisabled
			case string(ActDelete):
				status = 0
			case "enable":
				status = StatusActivated
			}
			var leftAt int64
			if e.HRStatus != HRActive && (status == StatusDisabled || status == StatusExited) {
				leftAt = nowMS
			}
			if e.Record == nil {
				if err := a.Store.SetEmployeeState(ctx, run.CorpID, e.EmployeeID, "removed", status, leftAt); err != nil {
					return err
				}
				continue
			}
			r := e.Record
			if ls, ok := a.Store.(lineageStore); ok && e.PrevUserID != "" && !failed[strings.ToLower(e.UserID)] {
				if err := ls.LinkEmployeeAccounts(ctx, run.CorpID, r.EmployeeID, e.PrevUserID, e.UserID, string(RuleMobileChanged)); err != nil {
					return err
				}
			}
			err := a.Store.UpsertEmployee(ctx, store.Employee{CorpID: run.CorpID, EmployeeID: r.EmployeeID, UserID: strings.ToLower(e.UserID),
				Name: r.Name, Email: r.Email, Mobile: r.Mobile, DepartmentPath: r.Department, MainDepartment: e.Department,
				Title: r.Title, HRStatus: r.Status, WeComStatus: status, RealNameVerified: realName,
				ArchiveLicence: r.ArchiveLicence, LeftAt: leftAt})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

package accounts

import (
	"context"
	"fmt"
	"strings"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// EmployeeView is an employee as the API shows it.
type EmployeeView struct {
	ID                     int64  `json:"id"`
	CorpID                 string `json:"corp_id"`
	EmployeeID             string `json:"employee_id"`
	UserID                 string `json:"userid"`
	Name                   string `json:"name"`
	Email                  string `json:"email"`
	Mobile                 string `json:"mobile"`
	Department             string `json:"department"`
	Title                  string `json:"title"`
	HRStatus               string `json:"hr_status"`
	WeComStatus            int    `json:"wecom_status"`
	WeComStatusText        string `json:"wecom_status_text"`
	RealNameVerified       *bool  `json:"real_name_verified"`
	ExternalContactBlocked bool   `json:"external_contact_blocked"`
	ArchiveLicence         bool   `json:"archive_licence"`
	ArchivePermitted       bool   `json:"archive_permitted"`
	LeftAt                 int64  `json:"left_at,omitempty"`
	UpdatedAt              int64  `json:"updated_at"`
}

// StatusText names a WeCom member status.
func StatusText(s int) string {
	switch s {
	case StatusActivated:
		return "activated"
	case StatusDisabled:
		return "disabled"
	case StatusNotActivated:
		return "not_activated"
	case StatusExited:
		return "exited"
	}
	return "unknown"
}

func employeeView(e store.Employee) EmployeeView {
	return EmployeeView{ID: e.ID, CorpID: e.CorpID, EmployeeID: e.EmployeeID, UserID: e.UserID, Name: e.Name, Email: e.Email,
		Mobile: e.Mobile, Department: e.DepartmentPath, Title: e.Title, HRStatus: e.HRStatus, WeComStatus: e.WeComStatus,
		WeComStatusText: StatusText(e.WeComStatus), RealNameVerified: e.RealNameVerified,
		ExternalContactBlocked: e.RealNameVerified != nil && !*e.RealNameVerified,
		ArchiveLicence:         e.ArchiveLicence, ArchivePermitted: e.ArchivePermitted, LeftAt: e.LeftAt, UpdatedAt: e.UpdatedAt}
}

// EmployeeQuery filters the employee list.
type EmployeeQuery struct {
	Corp       string // key; empty: every corp
	Status     string // active, leaver, removed
	Department string // path prefix
	RealName   string // verified, unverified, unknown
	Licence    string // yes, no, mismatch
	Query      string // substring of name, employee id, userid, email or mobile
	Limit      int    // 1-500, default 50
	Offset     int
}

// EmployeePage is one page of employees.
type EmployeePage struct {
	Items  []EmployeeView `json:"items"`
	Total  int            `json:"total"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
}

// Employees lists employees matching q.
func (s *Service) Employees(ctx context.Context, q EmployeeQuery) (*EmployeePage, error) {
	if err := q.validate(); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, err.Error())
	}
	f := store.EmployeeFilter{HRStatus: q.Status, Department: CleanDeptPath(q.Department), RealName: q.RealName,
		Licence: q.Licence, Query: q.Query, Limit: q.Limit, Offset: q.Offset}
	if q.Corp != "" {
		c, err := s.corpByRef(ctx, q.Corp)
		if err != nil {
			return nil, err
		}
		f.CorpID = c.CorpID
	}
	if p, ok := auth.FromContext(ctx); ok {
		sc := auth.ScopeFor(p, auth.EmployeesRead, f.CorpID)
		if f.CorpID == "" && !sc.All {
			return nil, fmt.Errorf("%w: corp is required for a caller limited to departments", ErrInvalid)
		}
		f.Scope = &sc
	}
	rows, total, err := s.Store.ListEmployees(ctx, f)
	if err != nil {
		return nil, err
	}
	p := &EmployeePage{Items: make([]EmployeeView, len(rows)), Total: total, Limit: q.Limit, Offset: q.Offset}
	for i, r := range rows {
		p.Items[i] = employeeView(r)
	}
	return p, nil
}

func (q *EmployeeQuery) validate() error {
	if q.Limit == 0 {
		q.Limit = 50
	}
	if q.Limit < 1 || q.Limit > 500 || q.Offset < 0 {
		return fmt.Errorf("limit must be 1-500 and offset not negative")
	}
	for _, c := range []struct{ name, v, allowed string }{
		{"status", q.Status, "active leaver removed"}, {"real_name", q.RealName, "verified unverified unknown"},
		{"licence", q.Licence, "yes no mismatch"},
	} {
		if c.v != "" && !strings.Contains(" "+c.allowed+" ", " "+c.v+" ") {
			return fmt.Errorf("%s must be one of: %s", c.name, c.allowed)
		}
	}
	return nil
}

// Employee returns one employee by id.
func (s *Service) Employee(ctx context.Context, id int64) (EmployeeView, error) {
	e, err := s.Store.EmployeeByID(ctx, id)
	if err == nil {
		// Out of the caller's departments reads as not found, like a missing id.
		if p, ok := auth.FromContext(ctx); ok && !auth.ScopeFor(p, auth.EmployeesRead, e.CorpID).Allows(e.DepartmentPath) {
			return EmployeeView{}, fmt.Errorf("accounts: employee %d: %w", id, store.ErrNotFound)
		}
	}
	if err != nil {
		return EmployeeView{}, err
	}
	return employeeView(e), nil
}

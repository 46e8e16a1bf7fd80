package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Employee is our copy of one employee: HR data plus WeCom state.
type Employee struct {
	ID               int64
	CorpID           string
	EmployeeID       string
	UserID           string
	Name             string
	Email            string
	Mobile           string
	DepartmentPath   string
	MainDepartment   int64
	Title            string
	HRStatus         string // active, leaver, removed
	WeComStatus      int    // 0 unknown, 1 activated, 2 disabled, 4 not activated, 5 exited
	RealNameVerified *bool
	ArchiveLicence   bool
	ArchivePermitted bool
	LeftAt           int64 // 0 when not a leaver
	CreatedAt        int64
	UpdatedAt        int64
}

const employeeCols = `id, corp_id, COALESCE(employee_id, ''), COALESCE(userid, ''), name, email, mobile, department_path,
	main_department, title, hr_status, wecom_status, real_name_verified, archive_licence, archive_permitted,
	COALESCE(left_at, 0), created_at, updated_at`

func scanEmployee(sc interface{ Scan(...any) error }) (Employee, error) {
	var e Employee
	var rn sql.NullInt64
	var lic, perm int
	err := sc.Scan(&e.ID, &e.CorpID, &e.EmployeeID, &e.UserID, &e.Name, &e.Email, &e.Mobile, &e.DepartmentPath,
		&e.MainDepartment, &e.Title, &e.HRStatus, &e.WeComStatus, &rn, &lic, &perm, &e.LeftAt, &e.CreatedAt, &e.UpdatedAt)
	if rn.Valid {
		v := rn.Int64 != 0
		e.RealNameVerified = &v
	}
	e.ArchiveLicence, e.ArchivePermitted = lic != 0, perm != 0
	return e, err
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return boolInt(*b)
}

func nullIfZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// UpsertEmployee writes an employee by (corp_id, employee_id). A userid held
// by another row (an account reused after a rule-driven delete) moves here.
// left_at is kept once set (cleared when active again); archive_permitted is
// owned by the licence check and left alone.
func (s *Store) UpsertEmployee(ctx context.Context, e Employee) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		if e.UserID != "" {
			if _, err := s.exec(ctx, `UPDATE employees SET userid = NULL, updated_at = ? WHERE corp_id = ? AND userid = ? AND employee_id <> ?`,
				now, e.CorpID, e.UserID, e.EmployeeID); err != nil {
				return fmt.Errorf("store: free userid: %w", err)
			}
		}
		var uid any = e.UserID
		if e.UserID == "" {
			uid = nil
		}
		_, err := s.exec(ctx, `INSERT INTO employees (corp_id, employee_id, userid, name, email, mobile, department_path, main_department,
				title, hr_status, wecom_status, real_name_verified, archive_licence, left_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (corp_id, employee_id) DO UPDATE SET userid = excluded.userid, name = excluded.name, email = excluded.email,
				mobile = excluded.mobile, department_path = excluded.department_path, main_department = excluded.main_department,
				title = excluded.title, hr_status = excluded.hr_status, wecom_status = excluded.wecom_status,
				real_name_verified = COALESCE(excluded.real_name_verified, employees.real_name_verified), archive_licence = excluded.archive_licence,
				left_at = CASE WHEN excluded.hr_status = 'active' THEN NULL ELSE COALESCE(employees.left_at, excluded.left_at) END,
				updated_at = excluded.updated_at`,
			e.CorpID, e.EmployeeID, uid, e.Name, e.Email, e.Mobile, e.DepartmentPath, e.MainDepartment, e.Title, e.HRStatus,
			e.WeComStatus, nullBool(e.RealNameVerified), boolInt(e.ArchiveLicence), nullIfZero(e.LeftAt), now, now)
		if err != nil {
			return fmt.Errorf("store: upsert employee %s: %w", e.EmployeeID, err)
		}
		return nil
	})
}

// SetEmployeeState updates the HR status, WeCom status and leaver time of an
// employee already known; left_at is only set when still empty.
func (s *Store) SetEmployeeState(ctx context.Context, corpID, employeeID, hrStatus string, wecomStatus int, leftAt int64) error {
	_, err := s.exec(ctx, `UPDATE employees SET hr_status = CASE WHEN ? = '' THEN hr_status ELSE ? END,
		wecom_status = CASE WHEN ? < 0 THEN wecom_status ELSE ? END,
		left_at = CASE WHEN left_at IS NULL THEN ? ELSE left_at END, updated_at = ?
		WHERE corp_id = ? AND employee_id = ?`,
		hrStatus, hrStatus, wecomStatus, wecomStatus, nullIfZero(leftAt), s.nowMS(), corpID, employeeID)
	if err != nil {
		return fmt.Errorf("store: set employee %s state: %w", employeeID, err)
	}
	return nil
}

// CorpEmployees returns every employee of a corp (the sync's "known" set).
func (s *Store) CorpEmployees(ctx context.Context, corpID string) ([]Employee, error) {
	return s.listEmployees(ctx, `SELECT `+employeeCols+` FROM employees WHERE corp_id = ? ORDER BY id`, corpID)
}

func (s *Store) listEmployees(ctx context.Context, q string, args ...any) ([]Employee, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list employees: %w", err)
	}
	defer rows.Close()
	var out []Employee
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan employee: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EmployeeByID returns one employee by row id.
func (s *Store) EmployeeByID(ctx context.Context, id int64) (Employee, error) {
	e, err := scanEmployee(s.queryRow(ctx, `SELECT `+employeeCols+` FROM employees WHERE id = ?`, id))
	if err != nil {
		return Employee{}, notFound(err, fmt.Sprintf("employee %d", id))
	}
	return e, nil
}

// EmployeeByUserID finds an employee by WeCom userid, case-insensitively.
func (s *Store) EmployeeByUserID(ctx context.Context, corpID, userid string) (Employee, error) {
	e, err := scanEmployee(s.queryRow(ctx, `SELECT `+employeeCols+` FROM employees WHERE corp_id = ? AND LOWER(userid) = ?`,
		corpID, strings.ToLower(userid)))
	if err != nil {
		return Employee{}, notFound(err, "employee "+userid)
	}
	return e, nil
}

// EmployeeFilter selects employees for the API list.
type EmployeeFilter struct {
	CorpID     string
	HRStatus   string     // active, leaver, removed
	Department string     // path prefix
	RealName   string     // verified, unverified, unknown
	Licence    string     // yes, no, mismatch
	Query      string     // substring of name, employee id, userid, email or mobile
	Scope      *DeptScope // the caller's department scope; nil: unrestricted (CLI, jobs)
	Limit      int
	Offset     int
}

// ListEmployees pages through employees matching f, with the total count.
func (s *Store) ListEmployees(ctx context.Context, f EmployeeFilter) ([]Employee, int, error) {
	where := []string{"1 = 1"}
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.CorpID != "" {
		add("corp_id = ?", f.CorpID)
	}
	if f.HRStatus != "" {
		add("hr_status = ?", f.HRStatus)
	}
	if f.Department != "" {
		add("(department_path = ? OR department_path LIKE ?)", f.Department, f.Department+"/%")
	}
	switch f.RealName {
	case "verified":
		add("real_name_verified = 1")
	case "unverified":
		add("real_name_verified = 0")
	case "unknown":
		add("real_name_verified IS NULL")
	}
	switch f.Licence {
	case "yes":
		add("archive_licence = 1")
	case "no":
		add("archive_licence = 0")
	case "mismatch":
		add("archive_licence <> archive_permitted")
	}
	if q := escapeLike(f.Query); q != "" {
		like := "%" + q + "%"
		add(`(name LIKE ? ESCAPE '\' OR employee_id LIKE ? ESCAPE '\' OR userid LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\' OR mobile LIKE ? ESCAPE '\')`,
			like, like, like, like, like)
	}
	if f.Scope != nil {
		w, a := f.Scope.Where("department_path")
		add(w, a...)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM employees WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count employees: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	out, err := s.listEmployees(ctx, `SELECT `+employeeCols+` FROM employees WHERE `+cond+` ORDER BY corp_id, employee_id LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	return out, total, err
}

// SetArchivePermitted marks exactly the given userids of a corp as holding a
// WeCom archive permit (msgaudit/get_permit_user_list).
func (s *Store) SetArchivePermitted(ctx context.Context, corpID string, userids []string) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		if _, err := s.exec(ctx, `UPDATE employees SET archive_permitted = 0, updated_at = ? WHERE corp_id = ? AND archive_permitted = 1`, now, corpID); err != nil {
			return fmt.Errorf("store: reset archive permits: %w", err)
		}
		for _, u := range userids {
			if _, err := s.exec(ctx, `UPDATE employees SET archive_permitted = 1, updated_at = ? WHERE corp_id = ? AND LOWER(userid) = ?`,
				now, corpID, strings.ToLower(u)); err != nil {
				return fmt.Errorf("store: set archive permit: %w", err)
			}
		}
		return nil
	})
}

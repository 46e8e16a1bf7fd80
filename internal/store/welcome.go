package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// WelcomeTemplate is a welcome message for a corp, or for a department
// subtree (department_path "" = the corp default).
type WelcomeTemplate struct {
	ID             int64  `json:"id"`
	CorpID         string `json:"corp_id"`
	DepartmentPath string `json:"department_path"`
	Name           string `json:"name"`
	Text           string `json:"text"`
	Attachments    string `json:"attachments"` // JSON array in send_welcome_msg's attachments format
	Enabled        bool   `json:"enabled"`
	CreatedAt      int64  `json:"created_at"`
	UpdatedAt      int64  `json:"updated_at"`
}

// WelcomeSend is one attempt to greet a new customer.
type WelcomeSend struct {
	ID             int64  `json:"id"`
	CorpID         string `json:"corp_id"`
	WelcomeCode    string `json:"welcome_code"`
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	TemplateID     int64  `json:"template_id"`
	Status         string `json:"status"` // sending | sent | failed | skipped
	ErrCode        int    `json:"err_code"`
	Error          string `json:"error"`
	ReceivedAt     int64  `json:"received_at"` // ms, when the callback arrived
	SentAt         int64  `json:"sent_at"`
	DelayMS        int64  `json:"delay_m_s"` // receipt → send answered
}

const tmplCols = `id, corp_id, department_path, name, text, attachments, enabled, created_at, updated_at`

func scanTmpl(sc interface{ Scan(...any) error }) (WelcomeTemplate, error) {
	var t WelcomeTemplate
	var en int
	err := sc.Scan(&t.ID, &t.CorpID, &t.DepartmentPath, &t.Name, &t.Text, &t.Attachments, &en, &t.CreatedAt, &t.UpdatedAt)
	t.Enabled = en != 0
	return t, err
}

// SaveWelcomeTemplate creates (ID 0) or updates a template; one per (corp, department).
func (s *Store) SaveWelcomeTemplate(ctx context.Context, t WelcomeTemplate) (int64, error) {
	now := s.nowMS()
	if t.Attachments == "" {
		t.Attachments = "[]"
	}
	if t.ID == 0 {
		var id int64
		err := s.queryRow(ctx, `INSERT INTO welcome_templates (corp_id, department_path, name, text, attachments, enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.CorpID, t.DepartmentPath, t.Name, t.Text, t.Attachments, boolInt(t.Enabled), now, now).Scan(&id)
		if err != nil {
			if isUniqueViolation(err) {
				return 0, fmt.Errorf("store: welcome template for %q exists: %w", t.DepartmentPath, ErrConflict)
			}
			return 0, fmt.Errorf("store: create welcome template: %w", err)
		}
		return id, nil
	}
	res, err := s.exec(ctx, `UPDATE welcome_templates SET department_path = ?, name = ?, text = ?, attachments = ?, enabled = ?, updated_at = ?
		WHERE id = ? AND corp_id = ?`, t.DepartmentPath, t.Name, t.Text, t.Attachments, boolInt(t.Enabled), now, t.ID, t.CorpID)
	if err != nil {
		if isUniqueViolation(err) {
			return 0, fmt.Errorf("store: welcome template for %q exists: %w", t.DepartmentPath, ErrConflict)
		}
		return 0, fmt.Errorf("store: update welcome template: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("store: welcome template %d: %w", t.ID, ErrNotFound)
	}
	return t.ID, nil
}

// DeleteWelcomeTemplate removes a template.
func (s *Store) DeleteWelcomeTemplate(ctx context.Context, corpID string, id int64) error {
	res, err := s.exec(ctx, `DELETE FROM welcome_templates WHERE id = ? AND corp_id = ?`, id, corpID)
	if err != nil {
		return fmt.Errorf("store: delete welcome template: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: welcome template %d: %w", id, ErrNotFound)
	}
	return nil
}

// ListWelcomeTemplates lists a corp's templates ("" = all corps).
func (s *Store) ListWelcomeTemplates(ctx context.Context, corpID string) ([]WelcomeTemplate, error) {
	rows, err := s.query(ctx, `SELECT `+tmplCols+` FROM welcome_templates WHERE (? = '' OR corp_id = ?) ORDER BY corp_id, department_path`, corpID, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: list welcome templates: %w", err)
	}
	defer rows.Close()
	var out []WelcomeTemplate
	for rows.Next() {
		t, err := scanTmpl(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan welcome template: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// EmployeeDepartmentPath returns an employee's department path ("" when
// the employee is unknown, so the corp default template applies).
func (s *Store) EmployeeDepartmentPath(ctx context.Context, corpID, userID string) (string, error) {
	var p string
	err := s.queryRow(ctx, `SELECT department_path FROM employees WHERE corp_id = ? AND userid = ?`, corpID, userID).Scan(&p)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return "", fmt.Errorf("store: employee department: %w", err)
	}
	return p, nil
}

// ClaimWelcomeSend records that a welcome code is being used; it reports
// false when another path (the fast lane or the inbox worker) already took it.
func (s *Store) ClaimWelcomeSend(ctx context.Context, w WelcomeSend) (bool, error) {
	res, err := s.exec(ctx, `INSERT INTO welcome_sends (corp_id, welcome_code, userid, external_userid, template_id, status, received_at)
		VALUES (?, ?, ?, ?, ?, 'sending', ?) ON CONFLICT (corp_id, welcome_code) DO NOTHING`,
		w.CorpID, w.WelcomeCode, w.UserID, w.ExternalUserID, w.TemplateID, w.ReceivedAt)
	if err != nil {
		return false, fmt.Errorf("store: claim welcome send: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// FinishWelcomeSend records the outcome of a send.
func (s *Store) FinishWelcomeSend(ctx context.Context, w WelcomeSend) error {
	_, err := s.exec(ctx, `UPDATE welcome_sends SET status = ?, errcode = ?, error = ?, sent_at = ?, delay_ms = ?, template_id = ?
		WHERE corp_id = ? AND welcome_code = ?`, w.Status, w.ErrCode, truncate(w.Error, 500), w.SentAt, w.DelayMS, w.TemplateID,
		w.CorpID, w.WelcomeCode)
	if err != nil {
		return fmt.Errorf("store: finish welcome send: %w", err)
	}
	return nil
}

// ListWelcomeSends lists recent sends, newest first, optionally of one status.
func (s *Store) ListWelcomeSends(ctx context.Context, corpID, status string, limit int) ([]WelcomeSend, error) {
	if limit <= 0 {
		limit = 200
	}
	limit = min(limit, 5000)
	rows, err := s.query(ctx, `SELECT id, corp_id, welcome_code, userid, external_userid, template_id, status, errcode, error,
		received_at, sent_at, delay_ms FROM welcome_sends WHERE (? = '' OR corp_id = ?) AND (? = '' OR status = ?)
		ORDER BY id DESC LIMIT ?`, corpID, corpID, status, status, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list welcome sends: %w", err)
	}
	defer rows.Close()
	var out []WelcomeSend
	for rows.Next() {
		var w WelcomeSend
		if err := rows.Scan(&w.ID, &w.CorpID, &w.WelcomeCode, &w.UserID, &w.ExternalUserID, &w.TemplateID, &w.Status, &w.ErrCode,
			&w.Error, &w.ReceivedAt, &w.SentAt, &w.DelayMS); err != nil {
			return nil, fmt.Errorf("store: scan welcome send: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

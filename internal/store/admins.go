package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// AdminUser is one person who may sign in to the portal.
type AdminUser struct {
	ID             int64
	Username       string
	DisplayName    string
	Email          string
	Kind           string // "local" or "oidc"
	PasswordHash   string
	TOTPSecret     string
	TOTPLastStep   int64
	OIDCProvider   string
	OIDCSubject    string // empty: not linked
	Disabled       bool
	FailedAttempts int
	LockedUntil    int64
	LastLoginAt    int64
	CreatedAt      int64
	UpdatedAt      int64
}

// AdminRole is one role assignment, optionally limited to a corp and departments.
type AdminRole struct {
	Role        string
	CorpID      string
	Departments []string
}

const adminCols = `id, username, display_name, email, kind, password_hash, totp_secret, totp_last_step,
	oidc_provider, COALESCE(oidc_subject, ''), disabled, failed_attempts, locked_until, last_login_at, created_at, updated_at`

func scanAdmin(sc interface{ Scan(...any) error }) (AdminUser, error) {
	var a AdminUser
	var disabled int
	err := sc.Scan(&a.ID, &a.Username, &a.DisplayName, &a.Email, &a.Kind, &a.PasswordHash, &a.TOTPSecret, &a.TOTPLastStep,
		&a.OIDCProvider, &a.OIDCSubject, &disabled, &a.FailedAttempts, &a.LockedUntil, &a.LastLoginAt, &a.CreatedAt, &a.UpdatedAt)
	a.Disabled = disabled != 0
	return a, err
}

// CreateAdmin inserts an admin with its roles; a taken username is ErrConflict.
func (s *Store) CreateAdmin(ctx context.Context, a AdminUser, roles []AdminRole) (AdminUser, error) {
	err := s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		a.CreatedAt, a.UpdatedAt = now, now
		var subject any
		if a.OIDCSubject != "" {
			subject = a.OIDCSubject
		}
		err := s.queryRow(ctx, `INSERT INTO admin_users (username, display_name, email, kind, password_hash, totp_secret,
			oidc_provider, oidc_subject, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
			a.Username, a.DisplayName, a.Email, a.Kind, a.PasswordHash, a.TOTPSecret, a.OIDCProvider, subject, now, now).Scan(&a.ID)
		if err != nil {
			if isUniqueViolation(err) {
				return fmt.Errorf("store: create admin %s: %w", a.Username, ErrConflict)
			}
			return fmt.Errorf("store: create admin: %w", err)
		}
		return s.SetAdminRoles(ctx, a.ID, roles)
	})
	return a, err
}

// AdminByID finds an admin by id.
func (s *Store) AdminByID(ctx context.Context, id int64) (AdminUser, error) {
	a, err := scanAdmin(s.queryRow(ctx, `SELECT `+adminCols+` FROM admin_users WHERE id = ?`, id))
	if err != nil {
		return AdminUser{}, notFound(err, fmt.Sprintf("admin %d", id))
	}
	return a, nil
}

// AdminByUsername finds an admin by username (case-sensitive).
func (s *Store) AdminByUsername(ctx context.Context, username string) (AdminUser, error) {
	a, err := scanAdmin(s.queryRow(ctx, `SELECT `+adminCols+` FROM admin_users WHERE username = ?`, username))
	if err != nil {
		return AdminUser{}, notFound(err, "admin by username")
	}
	return a, nil
}

// OIDCKey is how an OIDC identity is stored: the issuer (the verified iss
// claim, which a provider cannot change without changing who it is) and the
// subject, never a mutable claim such as a username or e-mail address.
func OIDCKey(issuer, subject string) string { return issuer + "|" + subject }

// AdminByOIDCSubject finds the admin linked to an issuer's subject.
func (s *Store) AdminByOIDCSubject(ctx context.Context, issuer, subject string) (AdminUser, error) {
	a, err := scanAdmin(s.queryRow(ctx, `SELECT `+adminCols+` FROM admin_users WHERE oidc_subject = ?`, OIDCKey(issuer, subject)))
	if err != nil {
		return AdminUser{}, notFound(err, "admin by oidc subject")
	}
	return a, nil
}

// AdminsByEmail finds the admins with an e-mail address (case-insensitive).
func (s *Store) AdminsByEmail(ctx context.Context, email string) ([]AdminUser, error) {
	rows, err := s.query(ctx, `SELECT `+adminCols+` FROM admin_users WHERE LOWER(email) = LOWER(?) AND email <> '' ORDER BY id`, email)
	if err != nil {
		return nil, fmt.Errorf("store: admins by email: %w", err)
	}
	defer rows.Close()
	var out []AdminUser
	for rows.Next() {
		a, err := scanAdmin(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan admin: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// LinkAdminOIDC links an admin to an OIDC identity key (OIDCKey) if its
// current key is still from ("" : not linked). A concurrent link of the
// same account, or a key already linked to another, is ErrConflict.
func (s *Store) LinkAdminOIDC(ctx context.Context, id int64, provider, key, from string) error {
	q := `UPDATE admin_users SET oidc_provider = ?, oidc_subject = ?, updated_at = ? WHERE id = ? AND `
	args := []any{provider, key, s.nowMS(), id}
	if from == "" {
		q += `oidc_subject IS NULL`
	} else {
		q += `oidc_subject = ?`
		args = append(args, from)
	}
	res, err := s.exec(ctx, q, args...)
	if err != nil {
		if isUniqueViolation(err) {
			return fmt.Errorf("store: link admin %d: %w", id, ErrConflict)
		}
		return fmt.Errorf("store: link admin %d: %w", id, err)
	}
	return mustAffect(res, fmt.Sprintf("link admin %d", id), ErrConflict)
}

// ListAdmins returns every admin ordered by username.
func (s *Store) ListAdmins(ctx context.Context) ([]AdminUser, error) {
	rows, err := s.query(ctx, `SELECT `+adminCols+` FROM admin_users ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("store: list admins: %w", err)
	}
	defer rows.Close()
	var out []AdminUser
	for rows.Next() {
		a, err := scanAdmin(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan admin: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AdminRoles returns an admin's role assignments.
func (s *Store) AdminRoles(ctx context.Context, adminID int64) ([]AdminRole, error) {
	rows, err := s.query(ctx, `SELECT role, corp_id, departments FROM admin_roles WHERE admin_id = ? ORDER BY role, corp_id`, adminID)
	if err != nil {
		return nil, fmt.Errorf("store: admin roles: %w", err)
	}
	defer rows.Close()
	out := []AdminRole{}
	for rows.Next() {
		var r AdminRole
		var deps string
		if err := rows.Scan(&r.Role, &r.CorpID, &deps); err != nil {
			return nil, fmt.Errorf("store: scan admin role: %w", err)
		}
		r.Departments = decodeStrings(deps)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetAdminRoles replaces an admin's role assignments.
func (s *Store) SetAdminRoles(ctx context.Context, adminID int64, roles []AdminRole) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.exec(ctx, `DELETE FROM admin_roles WHERE admin_id = ?`, adminID); err != nil {
			return fmt.Errorf("store: clear admin roles: %w", err)
		}
		for _, r := range roles {
			if _, err := s.exec(ctx, `INSERT INTO admin_roles (admin_id, role, corp_id, departments) VALUES (?, ?, ?, ?)`,
				adminID, r.Role, r.CorpID, encodeStrings(r.Departments)); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("store: role %s/%s given twice: %w", r.Role, r.CorpID, ErrConflict)
				}
				return fmt.Errorf("store: set admin role: %w", err)
			}
		}
		_, err := s.exec(ctx, `UPDATE admin_users SET updated_at = ? WHERE id = ?`, s.nowMS(), adminID)
		return err
	})
}

// UpdateAdmin writes the mutable fields of an admin (profile, secrets, state).
func (s *Store) UpdateAdmin(ctx context.Context, a AdminUser) error {
	res, err := s.exec(ctx, `UPDATE admin_users SET display_name = ?, email = ?, password_hash = ?, totp_secret = ?,
		disabled = ?, failed_attempts = 0, locked_until = 0, updated_at = ? WHERE id = ?`,
		a.DisplayName, a.Email, a.PasswordHash, a.TOTPSecret, boolInt(a.Disabled), s.nowMS(), a.ID)
	if err != nil {
		return fmt.Errorf("store: update admin %d: %w", a.ID, err)
	}
	return mustAffect(res, fmt.Sprintf("admin %d", a.ID), ErrNotFound)
}

// RecordLoginFailure counts a failed attempt in one statement, so
// concurrent failures are each counted (a read-then-write of the count lost
// increments and let a parallel guesser past the lockout), and returns the
// new count. lockUntil maps that count to a lock deadline (0: no lock); a
// later deadline already set is never shortened.
func (s *Store) RecordLoginFailure(ctx context.Context, id int64, lockUntil func(failed int) int64) (int, error) {
	var failed int
	err := s.WithTx(ctx, func(ctx context.Context) error {
		if err := s.queryRow(ctx, `UPDATE admin_users SET failed_attempts = failed_attempts + 1 WHERE id = ?
			RETURNING failed_attempts`, id).Scan(&failed); err != nil {
			return notFound(err, fmt.Sprintf("admin %d", id))
		}
		until := lockUntil(failed)
		if until == 0 {
			return nil
		}
		_, err := s.exec(ctx, `UPDATE admin_users SET locked_until = CASE WHEN locked_until > ? THEN locked_until ELSE ? END
			WHERE id = ?`, until, until, id)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: login failure %d: %w", id, err)
	}
	return failed, nil
}

// RecordLoginSuccess clears failures and remembers the TOTP step used, so a
// code cannot be replayed. It refuses (ErrConflict) a step not newer than the last.
func (s *Store) RecordLoginSuccess(ctx context.Context, id, totpStep int64) error {
	res, err := s.exec(ctx, `UPDATE admin_users SET failed_attempts = 0, locked_until = 0, last_login_at = ?,
		totp_last_step = CASE WHEN ? > 0 THEN ? ELSE totp_last_step END
		WHERE id = ? AND (? = 0 OR totp_last_step < ?)`, s.nowMS(), totpStep, totpStep, id, totpStep, totpStep)
	if err != nil {
		return fmt.Errorf("store: login success %d: %w", id, err)
	}
	return mustAffect(res, "admin login (replayed code)", ErrConflict)
}

// mustAffect turns "no row changed" into the given sentinel.
func mustAffect(res sql.Result, what string, none error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s: %w", what, none)
	}
	return nil
}

func encodeStrings(v []string) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func decodeStrings(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

package store

import (
	"context"
	"fmt"
)

// Enrolment is a one-time link to set a local admin's password and TOTP.
type Enrolment struct {
	ID          int64
	AdminID     int64
	TokenHash   string
	TOTPPending string // sealed seed offered on the page, "" until opened
	CreatedBy   string
	CreatedAt   int64
	ExpiresAt   int64
	UsedAt      int64
	EndedAt     int64  // used, replaced by a newer link, or expired
	EndReason   string // "used", "replaced", "expired"
}

const enrolmentCols = `id, admin_id, token_hash, totp_pending, created_by, created_at, expires_at, used_at, ended_at, end_reason`

func scanEnrolment(sc interface{ Scan(...any) error }) (Enrolment, error) {
	var e Enrolment
	err := sc.Scan(&e.ID, &e.AdminID, &e.TokenHash, &e.TOTPPending, &e.CreatedBy, &e.CreatedAt, &e.ExpiresAt, &e.UsedAt, &e.EndedAt, &e.EndReason)
	return e, err
}

// CreateEnrolment stores a new link and ends the admin's open ones (a reset
// makes earlier links useless); it returns the links it ended.
func (s *Store) CreateEnrolment(ctx context.Context, e Enrolment) (Enrolment, []Enrolment, error) {
	var replaced []Enrolment
	err := s.WithTx(ctx, func(ctx context.Context) error {
		rows, err := s.query(ctx, `SELECT `+enrolmentCols+` FROM enrolments WHERE admin_id = ? AND ended_at = 0`, e.AdminID)
		if err != nil {
			return err
		}
		for rows.Next() {
			o, err := scanEnrolment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			replaced = append(replaced, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := s.exec(ctx, `UPDATE enrolments SET ended_at = ?, end_reason = 'replaced' WHERE admin_id = ? AND ended_at = 0`,
			e.CreatedAt, e.AdminID); err != nil {
			return err
		}
		return s.queryRow(ctx, `INSERT INTO enrolments (admin_id, token_hash, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, e.AdminID, e.TokenHash, e.CreatedBy, e.CreatedAt, e.ExpiresAt).Scan(&e.ID)
	})
	if err != nil {
		return Enrolment{}, nil, fmt.Errorf("store: create enrolment: %w", err)
	}
	return e, replaced, nil
}

// EnrolmentByHash finds a link by its token's hash.
func (s *Store) EnrolmentByHash(ctx context.Context, hash string) (Enrolment, error) {
	e, err := scanEnrolment(s.queryRow(ctx, `SELECT `+enrolmentCols+` FROM enrolments WHERE token_hash = ?`, hash))
	if err != nil {
		return Enrolment{}, notFound(err, "enrolment")
	}
	return e, nil
}

// SetEnrolmentTOTP keeps the (sealed) seed offered for an open link.
func (s *Store) SetEnrolmentTOTP(ctx context.Context, id int64, sealed string) error {
	res, err := s.exec(ctx, `UPDATE enrolments SET totp_pending = ? WHERE id = ? AND ended_at = 0`, sealed, id)
	if err != nil {
		return fmt.Errorf("store: enrolment totp: %w", err)
	}
	return mustAffect(res, "open enrolment", ErrNotFound)
}

// UseEnrolment ends an open link as used; a link already ended (used twice
// at once, replaced, expired) is ErrConflict, so each is used once.
func (s *Store) UseEnrolment(ctx context.Context, id, now int64) error {
	res, err := s.exec(ctx, `UPDATE enrolments SET used_at = ?, ended_at = ?, end_reason = 'used' WHERE id = ? AND ended_at = 0 AND expires_at > ?`,
		now, now, id, now)
	if err != nil {
		return fmt.Errorf("store: use enrolment: %w", err)
	}
	return mustAffect(res, "open enrolment", ErrConflict)
}

// ExpireEnrolments ends the open links past their deadline and returns them.
func (s *Store) ExpireEnrolments(ctx context.Context, now int64) ([]Enrolment, error) {
	var out []Enrolment
	err := s.WithTx(ctx, func(ctx context.Context) error {
		rows, err := s.query(ctx, `SELECT `+enrolmentCols+` FROM enrolments WHERE ended_at = 0 AND expires_at <= ?`, now)
		if err != nil {
			return err
		}
		for rows.Next() {
			e, err := scanEnrolment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range out {
			if _, err := s.exec(ctx, `UPDATE enrolments SET ended_at = ?, end_reason = 'expired' WHERE id = ? AND ended_at = 0`, now, e.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: expire enrolments: %w", err)
	}
	return out, nil
}

// SetAdminCredentials writes a local admin's password hash and (sealed)
// TOTP seed with the step of the code that confirmed it (so that code is not
// replayed), and clears failures, the lock and any pending seed.
func (s *Store) SetAdminCredentials(ctx context.Context, id int64, passwordHash, totpSecret string, totpStep int64) error {
	res, err := s.exec(ctx, `UPDATE admin_users SET password_hash = ?, totp_secret = ?, totp_pending = '', totp_last_step = ?,
		failed_attempts = 0, locked_until = 0, updated_at = ? WHERE id = ?`, passwordHash, totpSecret, totpStep, s.nowMS(), id)
	if err != nil {
		return fmt.Errorf("store: set credentials %d: %w", id, err)
	}
	return mustAffect(res, fmt.Sprintf("admin %d", id), ErrNotFound)
}

// SetAdminPassword replaces a password hash only.
func (s *Store) SetAdminPassword(ctx context.Context, id int64, passwordHash string) error {
	res, err := s.exec(ctx, `UPDATE admin_users SET password_hash = ?, updated_at = ? WHERE id = ?`, passwordHash, s.nowMS(), id)
	if err != nil {
		return fmt.Errorf("store: set password %d: %w", id, err)
	}
	return mustAffect(res, fmt.Sprintf("admin %d", id), ErrNotFound)
}

// SetAdminTOTP replaces the stored (sealed) TOTP seed and the pending one.
func (s *Store) SetAdminTOTP(ctx context.Context, id int64, secret, pending string) error {
	res, err := s.exec(ctx, `UPDATE admin_users SET totp_secret = ?, totp_pending = ?, updated_at = ? WHERE id = ?`, secret, pending, s.nowMS(), id)
	if err != nil {
		return fmt.Errorf("store: set totp %d: %w", id, err)
	}
	return mustAffect(res, fmt.Sprintf("admin %d", id), ErrNotFound)
}

// AdminTOTPPending returns the seed waiting for a self-service change.
func (s *Store) AdminTOTPPending(ctx context.Context, id int64) (string, error) {
	var p string
	if err := s.queryRow(ctx, `SELECT totp_pending FROM admin_users WHERE id = ?`, id).Scan(&p); err != nil {
		return "", notFound(err, fmt.Sprintf("admin %d", id))
	}
	return p, nil
}

// RevokeOtherSessions ends every session of an admin but one.
func (s *Store) RevokeOtherSessions(ctx context.Context, adminID int64, keepHash string) (int64, error) {
	res, err := s.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE admin_id = ? AND revoked_at = 0 AND id_hash <> ?`, s.nowMS(), adminID, keepHash)
	if err != nil {
		return 0, fmt.Errorf("store: revoke other sessions of %d: %w", adminID, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// SealAdminTOTP replaces a plain seed by its sealed form if it is still
// that plain seed (a concurrent change wins); it reports whether it did.
func (s *Store) SealAdminTOTP(ctx context.Context, id int64, plain, sealed string) (bool, error) {
	res, err := s.exec(ctx, `UPDATE admin_users SET totp_secret = ? WHERE id = ? AND totp_secret = ?`, sealed, id, plain)
	if err != nil {
		return false, fmt.Errorf("store: seal totp %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UseTOTPStep records a TOTP step as used outside sign-in (a self-service
// change), refusing (ErrConflict) one not newer than the last.
func (s *Store) UseTOTPStep(ctx context.Context, id, step int64) error {
	res, err := s.exec(ctx, `UPDATE admin_users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, id, step)
	if err != nil {
		return fmt.Errorf("store: totp step %d: %w", id, err)
	}
	return mustAffect(res, "admin totp step (replayed code)", ErrConflict)
}

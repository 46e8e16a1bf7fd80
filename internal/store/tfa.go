package store

import (
	"context"
	"fmt"
)

// TFASession is a pending second-factor verification. IDHash is the SHA-256
// of the session id the page carries; OTPHash the SHA-256 over the id and
// the mailed code (hex). Times are Unix ms.
type TFASession struct {
	IDHash      string
	CorpID      string
	UserID      string
	TFACode     string
	EmailMasked string
	OTPHash     string
	CSRF        string
	FirstJoin   bool
	Tries       int
	ExpiresAt   int64
	UsedAt      int64
	CreatedAt   int64
}

// CreateTFASession stores a new verification. A tfa_code already backing a
// session of the corp is refused with ErrConflict.
func (s *Store) CreateTFASession(ctx context.Context, t TFASession) error {
	res, err := s.exec(ctx, `INSERT INTO tfa_sessions (id_hash, corp_id, userid, tfa_code, email_masked, otp_hash, csrf,
		first_join, tries, expires_at, used_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?) ON CONFLICT DO NOTHING`,
		t.IDHash, t.CorpID, t.UserID, t.TFACode, t.EmailMasked, t.OTPHash, t.CSRF, boolInt(t.FirstJoin), t.ExpiresAt, t.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create tfa session: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("store: create tfa session: tfa_code already used: %w", ErrConflict)
	}
	return nil
}

// TFASessionByHash returns a verification by the hash of its id.
func (s *Store) TFASessionByHash(ctx context.Context, idHash string) (TFASession, error) {
	var t TFASession
	var first int
	err := s.queryRow(ctx, `SELECT id_hash, corp_id, userid, tfa_code, email_masked, otp_hash, csrf, first_join, tries,
		expires_at, used_at, created_at FROM tfa_sessions WHERE id_hash = ?`, idHash).
		Scan(&t.IDHash, &t.CorpID, &t.UserID, &t.TFACode, &t.EmailMasked, &t.OTPHash, &t.CSRF, &first, &t.Tries,
			&t.ExpiresAt, &t.UsedAt, &t.CreatedAt)
	if err != nil {
		return TFASession{}, notFound(err, "tfa session")
	}
	t.FirstJoin = first != 0
	return t, nil
}

// UseTFASession marks an unused, unexpired verification used at now. It
// reports whether this call did it: of two instances racing, one wins.
func (s *Store) UseTFASession(ctx context.Context, idHash string, now int64) (bool, error) {
	res, err := s.exec(ctx, `UPDATE tfa_sessions SET used_at = ? WHERE id_hash = ? AND used_at = 0 AND expires_at > ?`,
		now, idHash, now)
	if err != nil {
		return false, fmt.Errorf("store: use tfa session: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FailTFATry counts a wrong code on an unused verification and burns it
// (marks it used) at maxTries. It returns the tries now counted; ok is false
// when the verification was already used (or burned) by someone else.
func (s *Store) FailTFATry(ctx context.Context, idHash string, maxTries int, now int64) (tries int, ok bool, err error) {
	err = s.WithTx(ctx, func(ctx context.Context) error {
		res, err := s.exec(ctx, `UPDATE tfa_sessions SET tries = tries + 1,
			used_at = CASE WHEN tries + 1 >= ? THEN ? ELSE used_at END WHERE id_hash = ? AND used_at = 0`, maxTries, now, idHash)
		if err != nil {
			return fmt.Errorf("store: tfa try: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		ok = true
		return s.queryRow(ctx, `SELECT tries FROM tfa_sessions WHERE id_hash = ?`, idHash).Scan(&tries)
	})
	return tries, ok, err
}

// HitTFALimit records one attempt under scope (e.g. "ip:10.0.0.1") at now
// and reports whether scope made at most limit attempts in (now-window, now],
// this one included. Insert first, count second: instances racing may both
// be refused at the edge, never both let through past the limit. A refused
// attempt is taken back out, so a client hammering a closed door does not
// grow the table.
func (s *Store) HitTFALimit(ctx context.Context, scope string, now, window int64, limit int) (bool, error) {
	if _, err := s.exec(ctx, `INSERT INTO tfa_attempts (scope, at) VALUES (?, ?)`, scope, now); err != nil {
		return false, fmt.Errorf("store: tfa attempt: %w", err)
	}
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM tfa_attempts WHERE scope = ? AND at > ?`, scope, now-window).Scan(&n); err != nil {
		return false, fmt.Errorf("store: count tfa attempts: %w", err)
	}
	if n <= limit {
		return true, nil
	}
	if _, err := s.exec(ctx, `DELETE FROM tfa_attempts WHERE id = (SELECT MAX(id) FROM tfa_attempts WHERE scope = ? AND at = ?)`, scope, now); err != nil {
		return false, fmt.Errorf("store: take back tfa attempt: %w", err)
	}
	return false, nil
}

// PruneTFA deletes verifications that expired before before and attempts
// older than before.
func (s *Store) PruneTFA(ctx context.Context, before int64) error {
	if _, err := s.exec(ctx, `DELETE FROM tfa_sessions WHERE expires_at < ?`, before); err != nil {
		return fmt.Errorf("store: prune tfa sessions: %w", err)
	}
	if _, err := s.exec(ctx, `DELETE FROM tfa_attempts WHERE at < ?`, before); err != nil {
		return fmt.Errorf("store: prune tfa attempts: %w", err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"
)

// Session is a signed-in browser. Only a hash of the session id is stored,
// so a copy of the table cannot be replayed as cookies.
type Session struct {
	IDHash            string
	AdminID           int64
	CSRFToken         string
	IP                string
	UserAgent         string
	AuthMethod        string
	CreatedAt         int64
	LastSeenAt        int64
	ExpiresAt         int64 // idle deadline, moved forward on use
	AbsoluteExpiresAt int64
	RevokedAt         int64
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se Session) error {
	_, err := s.exec(ctx, `INSERT INTO sessions (id_hash, admin_id, csrf_token, ip, user_agent, auth_method, created_at,
		last_seen_at, expires_at, absolute_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		se.IDHash, se.AdminID, se.CSRFToken, se.IP, se.UserAgent, se.AuthMethod, se.CreatedAt, se.LastSeenAt,
		se.ExpiresAt, se.AbsoluteExpiresAt)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByHash finds a session by the hash of its id.
func (s *Store) SessionByHash(ctx context.Context, idHash string) (Session, error) {
	var se Session
	err := s.queryRow(ctx, `SELECT id_hash, admin_id, csrf_token, ip, user_agent, auth_method, created_at, last_seen_at,
		expires_at, absolute_expires_at, revoked_at FROM sessions WHERE id_hash = ?`, idHash).
		Scan(&se.IDHash, &se.AdminID, &se.CSRFToken, &se.IP, &se.UserAgent, &se.AuthMethod, &se.CreatedAt, &se.LastSeenAt,
			&se.ExpiresAt, &se.AbsoluteExpiresAt, &se.RevokedAt)
	if err != nil {
		return Session{}, notFound(err, "session")
	}
	return se, nil
}

// TouchSession moves the idle deadline of a live session.
func (s *Store) TouchSession(ctx context.Context, idHash string, lastSeen, expires int64) error {
	_, err := s.exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ? AND revoked_at = 0`,
		lastSeen, expires, idHash)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// RevokeSession ends one session.
func (s *Store) RevokeSession(ctx context.Context, idHash string) error {
	_, err := s.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at = 0`, s.nowMS(), idHash)
	if err != nil {
		return fmt.Errorf("store: revoke session: %w", err)
	}
	return nil
}

// RevokeAdminSessions ends every session of an admin and says how many.
func (s *Store) RevokeAdminSessions(ctx context.Context, adminID int64) (int64, error) {
	res, err := s.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE admin_id = ? AND revoked_at = 0`, s.nowMS(), adminID)
	if err != nil {
		return 0, fmt.Errorf("store: revoke sessions of %d: %w", adminID, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// DeleteExpiredSessions removes sessions that ended before cutoff.
func (s *Store) DeleteExpiredSessions(ctx context.Context, cutoff int64) error {
	_, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR absolute_expires_at < ? OR (revoked_at > 0 AND revoked_at < ?)`,
		cutoff, cutoff, cutoff)
	if err != nil {
		return fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return nil
}

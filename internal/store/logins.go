package store

import (
	"context"
	"fmt"
)

// Login is one sign-in attempt in an admin's login history.
type Login struct {
	ID        int64
	AdminID   int64 // 0 when the username is unknown
	Username  string
	At        int64
	Method    string // local, oidc
	Outcome   string // success, failure
	Reason    string
	IP        string
	UserAgent string
}

// AddLogin records a sign-in attempt.
func (s *Store) AddLogin(ctx context.Context, l Login) error {
	if l.At == 0 {
		l.At = s.nowMS()
	}
	_, err := s.exec(ctx, `INSERT INTO login_history (admin_id, username, at, method, outcome, reason, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, l.AdminID, l.Username, l.At, l.Method, l.Outcome, l.Reason, l.IP, l.UserAgent)
	if err != nil {
		return fmt.Errorf("store: add login: %w", err)
	}
	return nil
}

// ListLogins returns an admin's most recent sign-in attempts, newest first.
func (s *Store) ListLogins(ctx context.Context, adminID int64, limit int) ([]Login, error) {
	rows, err := s.query(ctx, `SELECT id, admin_id, username, at, method, outcome, reason, ip, user_agent
		FROM login_history WHERE admin_id = ? ORDER BY id DESC LIMIT ?`, adminID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list logins: %w", err)
	}
	defer rows.Close()
	out := []Login{}
	for rows.Next() {
		var l Login
		if err := rows.Scan(&l.ID, &l.AdminID, &l.Username, &l.At, &l.Method, &l.Outcome, &l.Reason, &l.IP, &l.UserAgent); err != nil {
			return nil, fmt.Errorf("store: scan login: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// OIDCLogin is an OIDC sign-in in progress, keyed by a hash of its state.
type OIDCLogin struct {
	StateHash string
	Provider  string
	Nonce     string
	Verifier  string
	CreatedAt int64
}

// CreateOIDCLogin stores a sign-in in progress and forgets ones older than cutoff.
func (s *Store) CreateOIDCLogin(ctx context.Context, l OIDCLogin, cutoff int64) error {
	if _, err := s.exec(ctx, `DELETE FROM oidc_logins WHERE created_at < ?`, cutoff); err != nil {
		return fmt.Errorf("store: prune oidc logins: %w", err)
	}
	_, err := s.exec(ctx, `INSERT INTO oidc_logins (state_hash, provider, nonce, verifier, created_at) VALUES (?, ?, ?, ?, ?)`,
		l.StateHash, l.Provider, l.Nonce, l.Verifier, l.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create oidc login: %w", err)
	}
	return nil
}

// TakeOIDCLogin returns and deletes a sign-in in progress, so a state is used once.
func (s *Store) TakeOIDCLogin(ctx context.Context, stateHash string) (OIDCLogin, error) {
	var l OIDCLogin
	err := s.WithTx(ctx, func(ctx context.Context) error {
		err := s.queryRow(ctx, `SELECT state_hash, provider, nonce, verifier, created_at FROM oidc_logins WHERE state_hash = ?`, stateHash).
			Scan(&l.StateHash, &l.Provider, &l.Nonce, &l.Verifier, &l.CreatedAt)
		if err != nil {
			return notFound(err, "oidc login")
		}
		_, err = s.exec(ctx, `DELETE FROM oidc_logins WHERE state_hash = ?`, stateHash)
		return err
	})
	return l, err
}

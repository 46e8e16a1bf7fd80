package store

import (
	"context"
	"fmt"
)

// APIToken is a machine client's credential. Only a hash of the token is stored.
type APIToken struct {
	ID          int64
	Name        string
	TokenHash   string
	Prefix      string // the first characters, to recognise a token in lists
	Role        string
	CorpID      string
	Departments []string
	CreatedBy   string
	// CreatedByKind and CreatedByID name the person behind the token (kind
	// '' on rows from before): approvals treat the token as that person.
	CreatedByKind string
	CreatedByID   int64
	CreatedAt     int64
	ExpiresAt     int64 // 0: never
	RevokedAt     int64
	LastUsedAt    int64
}

const tokenCols = `id, name, token_hash, prefix, role, corp_id, departments, created_by, created_at, expires_at, revoked_at, last_used_at,
	created_by_kind, created_by_id`

func scanToken(sc interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var deps string
	err := sc.Scan(&t.ID, &t.Name, &t.TokenHash, &t.Prefix, &t.Role, &t.CorpID, &deps, &t.CreatedBy, &t.CreatedAt,
		&t.ExpiresAt, &t.RevokedAt, &t.LastUsedAt, &t.CreatedByKind, &t.CreatedByID)
	t.Departments = decodeStrings(deps)
	return t, err
}

// CreateAPIToken stores a token; a taken name is ErrConflict.
func (s *Store) CreateAPIToken(ctx context.Context, t APIToken) (APIToken, error) {
	t.CreatedAt = s.nowMS()
	err := s.queryRow(ctx, `INSERT INTO api_tokens (name, token_hash, prefix, role, corp_id, departments, created_by, created_at, expires_at,
		created_by_kind, created_by_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.Name, t.TokenHash, t.Prefix, t.Role, t.CorpID, encodeStrings(t.Departments), t.CreatedBy, t.CreatedAt, t.ExpiresAt,
		t.CreatedByKind, t.CreatedByID).Scan(&t.ID)
	if err != nil {
		if isUniqueViolation(err) {
			return APIToken{}, fmt.Errorf("store: token %q exists: %w", t.Name, ErrConflict)
		}
		return APIToken{}, fmt.Errorf("store: create token: %w", err)
	}
	return t, nil
}

// APITokenByHash finds a token by its hash.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (APIToken, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ?`, hash))
	if err != nil {
		return APIToken{}, notFound(err, "api token")
	}
	return t, nil
}

// APITokenByID finds a token by id.
func (s *Store) APITokenByID(ctx context.Context, id int64) (APIToken, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE id = ?`, id))
	if err != nil {
		return APIToken{}, notFound(err, fmt.Sprintf("api token %d", id))
	}
	return t, nil
}

// ListAPITokens returns every token, newest first.
func (s *Store) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	rows, err := s.query(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes a token; an unknown or already revoked one is ErrNotFound.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0`, s.nowMS(), id)
	if err != nil {
		return fmt.Errorf("store: revoke token %d: %w", id, err)
	}
	return mustAffect(res, fmt.Sprintf("token %d", id), ErrNotFound)
}

// TouchAPIToken records a token's use (at most once a minute, to spare writes).
func (s *Store) TouchAPIToken(ctx context.Context, id, at int64) error {
	_, err := s.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?`, at, id, at-60_000)
	if err != nil {
		return fmt.Errorf("store: touch token: %w", err)
	}
	return nil
}

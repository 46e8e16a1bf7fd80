package store

import (
	"context"
	"errors"
	"fmt"
)

// AccountSettings returns a corp's accounts settings JSON ("{}" when none).
func (s *Store) AccountSettings(ctx context.Context, corpID string) (string, error) {
	var v string
	err := s.queryRow(ctx, `SELECT settings FROM account_settings WHERE corp_id = ?`, corpID).Scan(&v)
	if err != nil {
		if err = notFound(err, "account settings"); errors.Is(err, ErrNotFound) {
			return "{}", nil
		}
		return "", err
	}
	return v, nil
}

// SetAccountSettings replaces a corp's accounts settings JSON.
func (s *Store) SetAccountSettings(ctx context.Context, corpID, settings string) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO account_settings (corp_id, settings, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (corp_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`, corpID, settings, now)
	if err != nil {
		return fmt.Errorf("store: set account settings: %w", err)
	}
	return nil
}

// SetCorpSecret stores a secret of a corp added through the API.
func (s *Store) SetCorpSecret(ctx context.Context, corpID, kind, value string) error {
	_, err := s.exec(ctx, `INSERT INTO corp_secrets (corp_id, kind, value, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (corp_id, kind) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, corpID, kind, value, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: set corp secret %s: %w", kind, err)
	}
	return nil
}

// CorpSecret returns one stored secret.
func (s *Store) CorpSecret(ctx context.Context, corpID, kind string) (string, error) {
	var v string
	if err := s.queryRow(ctx, `SELECT value FROM corp_secrets WHERE corp_id = ? AND kind = ?`, corpID, kind).Scan(&v); err != nil {
		return "", notFound(err, "corp secret "+kind)
	}
	return v, nil
}

// CorpSecretKinds lists which secret kinds are stored for a corp (never values).
func (s *Store) CorpSecretKinds(ctx context.Context, corpID string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT kind FROM corp_secrets WHERE corp_id = ? AND value <> '' ORDER BY kind`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: corp secret kinds: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

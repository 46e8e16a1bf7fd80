package store

import (
	"context"
	"fmt"
)

// MaxCorps is the most WeCom corps one deployment serves (a company may open
// at most five).
const MaxCorps = 5

// ErrTooManyCorps refuses a sixth corp.
var ErrTooManyCorps = fmt.Errorf("store: at most %d corps per deployment: %w", MaxCorps, ErrConflict)

// Corp is one WeCom corp's non-secret settings. Secrets stay in config and
// are resolved at run time; they are never written here.
type Corp struct {
	CorpID    string
	Key       string
	Name      string
	BaseURL   string
	AgentID   int64
	Settings  string // JSON object of runtime settings edited in the UI
	Source    string // "config" or "ui"
	CreatedAt int64
	UpdatedAt int64
}

// UpsertCorp inserts or updates a corp by corp_id, refusing a sixth.
func (s *Store) UpsertCorp(ctx context.Context, c Corp) error {
	return s.WithTx(ctx, func(ctx context.Context) error {
		var exists int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM corps WHERE corp_id = ?`, c.CorpID).Scan(&exists); err != nil {
			return fmt.Errorf("store: upsert corp: %w", err)
		}
		if exists == 0 {
			var n int
			if err := s.queryRow(ctx, `SELECT COUNT(*) FROM corps`).Scan(&n); err != nil {
				return fmt.Errorf("store: count corps: %w", err)
			}
			if n >= MaxCorps {
				return ErrTooManyCorps
			}
		}
		if c.Settings == "" {
			c.Settings = "{}"
		}
		if c.Source == "" {
			c.Source = "config"
		}
		now := s.nowMS()
		_, err := s.exec(ctx, `INSERT INTO corps (corp_id, corp_key, name, base_url, agent_id, settings, source, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (corp_id) DO UPDATE SET corp_key = excluded.corp_key, name = excluded.name,
				base_url = excluded.base_url, agent_id = excluded.agent_id, source = excluded.source, updated_at = excluded.updated_at`,
			c.CorpID, c.Key, c.Name, c.BaseURL, c.AgentID, c.Settings, c.Source, now, now)
		if err != nil {
			return fmt.Errorf("store: upsert corp %s: %w", c.Key, err)
		}
		return nil
	})
}

// ListCorps returns every corp ordered by key.
func (s *Store) ListCorps(ctx context.Context) ([]Corp, error) {
	rows, err := s.query(ctx, `SELECT corp_id, corp_key, name, base_url, agent_id, settings, source, created_at, updated_at
		FROM corps ORDER BY corp_key`)
	if err != nil {
		return nil, fmt.Errorf("store: list corps: %w", err)
	}
	defer rows.Close()
	var out []Corp
	for rows.Next() {
		var c Corp
		if err := rows.Scan(&c.CorpID, &c.Key, &c.Name, &c.BaseURL, &c.AgentID, &c.Settings, &c.Source, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: scan corp: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CorpByKey finds a corp by its short URL key.
func (s *Store) CorpByKey(ctx context.Context, key string) (Corp, error) {
	var c Corp
	err := s.queryRow(ctx, `SELECT corp_id, corp_key, name, base_url, agent_id, settings, source, created_at, updated_at
		FROM corps WHERE corp_key = ?`, key).
		Scan(&c.CorpID, &c.Key, &c.Name, &c.BaseURL, &c.AgentID, &c.Settings, &c.Source, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return Corp{}, notFound(err, "corp "+key)
	}
	return c, nil
}

// SetCorpSettings replaces a corp's runtime settings (a JSON object).
func (s *Store) SetCorpSettings(ctx context.Context, corpID, settings string) error {
	res, err := s.exec(ctx, `UPDATE corps SET settings = ?, updated_at = ? WHERE corp_id = ?`, settings, s.nowMS(), corpID)
	if err != nil {
		return fmt.Errorf("store: corp settings %s: %w", corpID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: corp settings %s: %w", corpID, ErrNotFound)
	}
	return nil
}

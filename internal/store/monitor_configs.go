package store

import (
	"context"
	"fmt"
)

// MonitorConfig is one version of a corp's monitoring document: its
// product catalog, its policy (lexicons and rules) or its settings. The
// highest version is in force; older ones are kept for the record.
type MonitorConfig struct {
	CorpID    string `json:"corp_id"`
	Kind      string `json:"kind"` // catalog, policy, settings
	Version   int    `json:"version"`
	Body      string `json:"-"`
	CreatedBy string `json:"created_by"`
	CreatedAt int64  `json:"created_at"`
}

// SaveMonitorConfig stores body as the next version of the corp's kind.
func (s *Store) SaveMonitorConfig(ctx context.Context, c MonitorConfig) (MonitorConfig, error) {
	c.CreatedAt = s.nowMS()
	err := s.WithTx(ctx, func(ctx context.Context) error {
		if err := s.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM monitor_configs WHERE corp_id = ? AND kind = ?`,
			c.CorpID, c.Kind).Scan(&c.Version); err != nil {
			return err
		}
		_, err := s.exec(ctx, `INSERT INTO monitor_configs (corp_id, kind, version, body, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.CorpID, c.Kind, c.Version, c.Body, c.CreatedBy, c.CreatedAt)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("store: save monitor %s of %s: %w", c.Kind, c.CorpID, err)
	}
	return c, nil
}

// MonitorConfigCurrent returns the version in force, ErrNotFound when none.
func (s *Store) MonitorConfigCurrent(ctx context.Context, corpID, kind string) (MonitorConfig, error) {
	c := MonitorConfig{CorpID: corpID, Kind: kind}
	err := s.queryRow(ctx, `SELECT version, body, created_by, created_at FROM monitor_configs WHERE corp_id = ? AND kind = ?
		ORDER BY version DESC LIMIT 1`, corpID, kind).Scan(&c.Version, &c.Body, &c.CreatedBy, &c.CreatedAt)
	if err != nil {
		return c, notFound(err, "monitor "+kind+" of "+corpID)
	}
	return c, nil
}

// MonitorConfigVersions lists every version, newest first (bodies included).
func (s *Store) MonitorConfigVersions(ctx context.Context, corpID, kind string) ([]MonitorConfig, error) {
	rows, err := s.query(ctx, `SELECT version, body, created_by, created_at FROM monitor_configs WHERE corp_id = ? AND kind = ?
		ORDER BY version DESC`, corpID, kind)
	if err != nil {
		return nil, fmt.Errorf("store: monitor %s versions: %w", kind, err)
	}
	defer rows.Close()
	out := []MonitorConfig{}
	for rows.Next() {
		c := MonitorConfig{CorpID: corpID, Kind: kind}
		if err := rows.Scan(&c.Version, &c.Body, &c.CreatedBy, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: monitor %s versions: %w", kind, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

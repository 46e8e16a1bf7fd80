package store

import (
	"context"
	"fmt"
)

// CorpArchive is the conversation-archive setting of a corp added through
// the API (config-file corps keep theirs in the config).
type CorpArchive struct {
	CorpID    string
	Source    string // "" (no archive), "sdk" or "sim"
	URL       string // the simulator's URL (source sim)
	Revision  int64  // moves with every change of settings, secret or keys
	UpdatedAt int64
}

// CorpArchive returns a corp's archive setting; ErrNotFound when it never had one.
func (s *Store) CorpArchive(ctx context.Context, corpID string) (CorpArchive, error) {
	a := CorpArchive{CorpID: corpID}
	err := s.queryRow(ctx, `SELECT source, url, revision, updated_at FROM corp_archive WHERE corp_id = ?`, corpID).
		Scan(&a.Source, &a.URL, &a.Revision, &a.UpdatedAt)
	if err != nil {
		return a, notFound(err, "corp archive "+corpID)
	}
	return a, nil
}

// SetCorpArchive writes a corp's archive source and URL and moves its revision.
func (s *Store) SetCorpArchive(ctx context.Context, a CorpArchive) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO corp_archive (corp_id, source, url, revision, updated_at) VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (corp_id) DO UPDATE SET source = excluded.source, url = excluded.url,
			revision = corp_archive.revision + 1, updated_at = excluded.updated_at`, a.CorpID, a.Source, a.URL, now)
	if err != nil {
		return fmt.Errorf("store: set corp archive %s: %w", a.CorpID, err)
	}
	return nil
}

// TouchCorpArchive moves a corp's archive revision (its secret or keys
// changed), creating a disabled setting when it has none.
func (s *Store) TouchCorpArchive(ctx context.Context, corpID string) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO corp_archive (corp_id, source, url, revision, updated_at) VALUES (?, '', '', 1, ?)
		ON CONFLICT (corp_id) DO UPDATE SET revision = corp_archive.revision + 1, updated_at = excluded.updated_at`, corpID, now)
	if err != nil {
		return fmt.Errorf("store: touch corp archive %s: %w", corpID, err)
	}
	return nil
}

// ArchiveKey is one archive private key of a corp, sealed.
type ArchiveKey struct {
	CorpID      string
	Version     int
	Sealed      string // the private key PEM, sealed; never leaves the server
	Fingerprint string // SHA-256 of the public key, hex; "" until computed
	AddedAt     int64
}

// AddArchiveKey stores a new key version; an existing version is
// ErrConflict (keys are only added: old messages still need old keys).
func (s *Store) AddArchiveKey(ctx context.Context, k ArchiveKey) error {
	res, err := s.exec(ctx, `INSERT INTO corp_archive_keys (corp_id, version, private_key, fingerprint, added_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (corp_id, version) DO NOTHING`, k.CorpID, k.Version, k.Sealed, k.Fingerprint, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: add archive key v%d: %w", k.Version, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: archive key v%d of %s exists: %w", k.Version, k.CorpID, ErrConflict)
	}
	return nil
}

// ArchiveKeys lists a corp's keys by version.
func (s *Store) ArchiveKeys(ctx context.Context, corpID string) ([]ArchiveKey, error) {
	rows, err := s.query(ctx, `SELECT corp_id, version, private_key, fingerprint, added_at FROM corp_archive_keys
		WHERE corp_id = ? ORDER BY version`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: archive keys: %w", err)
	}
	defer rows.Close()
	var out []ArchiveKey
	for rows.Next() {
		var k ArchiveKey
		if err := rows.Scan(&k.CorpID, &k.Version, &k.Sealed, &k.Fingerprint, &k.AddedAt); err != nil {
			return nil, fmt.Errorf("store: scan archive key: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// SetArchiveKeyFingerprint fills in the fingerprint of a key stored without one.
func (s *Store) SetArchiveKeyFingerprint(ctx context.Context, corpID string, version int, fp string) error {
	_, err := s.exec(ctx, `UPDATE corp_archive_keys SET fingerprint = ? WHERE corp_id = ? AND version = ? AND fingerprint = ''`,
		fp, corpID, version)
	if err != nil {
		return fmt.Errorf("store: archive key fingerprint v%d: %w", version, err)
	}
	return nil
}

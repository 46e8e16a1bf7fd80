package store

import (
	"context"
	"fmt"
)

// LakeWatermark is how far one table of one corp has been exported: the
// last id (append-only tables) or updated_at (mutable tables) committed, and
// the next part number, so file names never repeat across runs.
type LakeWatermark struct {
	CorpID    string
	Table     string
	Watermark int64
	NextPart  int64
	UpdatedAt int64
}

// LakeRun is one export run of one corp: its plan (the window of every
// table, fixed when the run starts, so a resumed run writes the same
// window) and the files written so far.
type LakeRun struct {
	ID         string
	CorpID     string
	State      string // running, failed, done
	Trigger    string // cli, schedule, api
	Plan       string // JSON
	Files      string // JSON
	Rows       int64
	Bytes      int64
	Attempts   int
	LastError  string
	StartedAt  int64
	FinishedAt int64
}

// LakeSettings is what a corp's lake export may include.
type LakeSettings struct {
	CorpID     string
	MediaBytes bool // copy clean media files into the lake
	MaskPII    bool // mask mobiles, e-mail addresses and contact names
	// ComplianceFormats are fed continuously, a complete UTC day at a time (JSON array).
	ComplianceFormats string
	UpdatedBy         string
	UpdatedAt         int64
}

// LakeWatermarks returns every table's watermark of a corp.
func (s *Store) LakeWatermarks(ctx context.Context, corpID string) (map[string]LakeWatermark, error) {
	rows, err := s.query(ctx, `SELECT corp_id, table_name, watermark, next_part, updated_at FROM lake_watermarks WHERE corp_id = ?`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: lake watermarks: %w", err)
	}
	defer rows.Close()
	out := map[string]LakeWatermark{}
	for rows.Next() {
		var w LakeWatermark
		if err := rows.Scan(&w.CorpID, &w.Table, &w.Watermark, &w.NextPart, &w.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: lake watermarks: %w", err)
		}
		out[w.Table] = w
	}
	return out, rows.Err()
}

const lakeRunCols = `id, corp_id, state, trigger_kind, plan, files, row_count, byte_count, attempts, last_error, started_at, finished_at`

func scanLakeRun(sc interface{ Scan(...any) error }) (LakeRun, error) {
	var r LakeRun
	err := sc.Scan(&r.ID, &r.CorpID, &r.State, &r.Trigger, &r.Plan, &r.Files, &r.Rows, &r.Bytes, &r.Attempts,
		&r.LastError, &r.StartedAt, &r.FinishedAt)
	return r, err
}

// LakeUnfinishedRun returns the corp's run that started and did not commit
// (running or failed), or ErrNotFound.
func (s *Store) LakeUnfinishedRun(ctx context.Context, corpID string) (LakeRun, error) {
	r, err := scanLakeRun(s.queryRow(ctx, `SELECT `+lakeRunCols+` FROM lake_runs WHERE corp_id = ? AND state <> 'done'
		ORDER BY started_at LIMIT 1`, corpID))
	if err != nil {
		return LakeRun{}, notFound(err, "unfinished lake run of "+corpID)
	}
	return r, nil
}

// LakeRunByID returns one run.
func (s *Store) LakeRunByID(ctx context.Context, id string) (LakeRun, error) {
	r, err := scanLakeRun(s.queryRow(ctx, `SELECT `+lakeRunCols+` FROM lake_runs WHERE id = ?`, id))
	if err != nil {
		return LakeRun{}, notFound(err, "lake run "+id)
	}
	return r, nil
}

// LakeRuns lists a corp's runs, newest first ("" = every corp).
func (s *Store) LakeRuns(ctx context.Context, corpID string, limit int) ([]LakeRun, error) {
	q, args := `SELECT `+lakeRunCols+` FROM lake_runs`, []any{}
	if corpID != "" {
		q += ` WHERE corp_id = ?`
		args = append(args, corpID)
	}
	rows, err := s.query(ctx, q+` ORDER BY started_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: lake runs: %w", err)
	}
	defer rows.Close()
	out := []LakeRun{}
	for rows.Next() {
		r, err := scanLakeRun(rows)
		if err != nil {
			return nil, fmt.Errorf("store: lake runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// InsertLakeRun records a run that starts.
func (s *Store) InsertLakeRun(ctx context.Context, r LakeRun) error {
	_, err := s.exec(ctx, `INSERT INTO lake_runs (`+lakeRunCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CorpID, r.State, r.Trigger, r.Plan, r.Files, r.Rows, r.Bytes, r.Attempts, r.LastError, r.StartedAt, r.FinishedAt)
	if err != nil && isUniqueViolation(err) {
		return fmt.Errorf("store: insert lake run: %w", ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: insert lake run: %w", err)
	}
	return nil
}

// UpdateLakeRun saves a run's state, files, counts and error.
func (s *Store) UpdateLakeRun(ctx context.Context, r LakeRun) error {
	_, err := s.exec(ctx, `UPDATE lake_runs SET state = ?, files = ?, row_count = ?, byte_count = ?, attempts = ?,
		last_error = ?, finished_at = ? WHERE id = ?`, r.State, r.Files, r.Rows, r.Bytes, r.Attempts, r.LastError, r.FinishedAt, r.ID)
	if err != nil {
		return fmt.Errorf("store: update lake run: %w", err)
	}
	return nil
}

// SetLakeWatermark moves one table's watermark (in the run's commit tx).
func (s *Store) SetLakeWatermark(ctx context.Context, w LakeWatermark) error {
	_, err := s.exec(ctx, `INSERT INTO lake_watermarks (corp_id, table_name, watermark, next_part, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (corp_id, table_name) DO UPDATE SET watermark = excluded.watermark,
		next_part = excluded.next_part, updated_at = excluded.updated_at`,
		w.CorpID, w.Table, w.Watermark, w.NextPart, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: set lake watermark: %w", err)
	}
	return nil
}

// GetLakeSettings returns a corp's export settings (the defaults when unset).
func (s *Store) GetLakeSettings(ctx context.Context, corpID string) (LakeSettings, error) {
	v := LakeSettings{CorpID: corpID}
	var media, mask int
	v.ComplianceFormats = "[]"
	err := s.queryRow(ctx, `SELECT media_bytes, mask_pii, compliance_formats, updated_by, updated_at FROM lake_settings WHERE corp_id = ?`, corpID).
		Scan(&media, &mask, &v.ComplianceFormats, &v.UpdatedBy, &v.UpdatedAt)
	if isNoRowsErr(err) {
		return v, nil
	}
	if err != nil {
		return v, fmt.Errorf("store: lake settings: %w", err)
	}
	v.MediaBytes, v.MaskPII = media != 0, mask != 0
	return v, nil
}

// SetLakeSettings saves a corp's export settings.
func (s *Store) SetLakeSettings(ctx context.Context, v LakeSettings) error {
	if v.ComplianceFormats == "" {
		v.ComplianceFormats = "[]"
	}
	_, err := s.exec(ctx, `INSERT INTO lake_settings (corp_id, media_bytes, mask_pii, compliance_formats, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (corp_id) DO UPDATE SET media_bytes = excluded.media_bytes,
		mask_pii = excluded.mask_pii, compliance_formats = excluded.compliance_formats, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`,
		v.CorpID, boolInt(v.MediaBytes), boolInt(v.MaskPII), v.ComplianceFormats, v.UpdatedBy, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: set lake settings: %w", err)
	}
	return nil
}

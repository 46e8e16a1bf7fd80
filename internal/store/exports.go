package store

import (
	"context"
	"fmt"
)

// Export is one export of conversation content.
type Export struct {
	ID            int64
	CorpID        string
	Format        string // csv, xlsx, pdf
	Source        string // search or conversations
	Params        string // JSON: query and filters
	Scope         string // JSON DeptScope of the requester at request time
	RequestedBy   string
	RequestedByID int64
	// RequestedByKind is the requester's principal kind (admin, token); ''
	// on rows from before it was kept.
	RequestedByKind string
	State           string // pending_approval, queued, running, done, failed, rejected, expired
	ApprovalID      int64
	JobID           int64
	BlobKey         string
	SHA256          string
	Size            int64
	RowCount        int64
	Error           string
	ExpiresAt       int64
	CreatedAt       int64
	UpdatedAt       int64
}

const exportCols = `id, corp_id, format, source, params, scope, requested_by, requested_by_id, state, approval_id, job_id,
	blob_key, sha256, size, row_count, error, expires_at, created_at, updated_at, requested_by_kind`

func scanExport(sc interface{ Scan(...any) error }) (Export, error) {
	var e Export
	err := sc.Scan(&e.ID, &e.CorpID, &e.Format, &e.Source, &e.Params, &e.Scope, &e.RequestedBy, &e.RequestedByID, &e.State,
		&e.ApprovalID, &e.JobID, &e.BlobKey, &e.SHA256, &e.Size, &e.RowCount, &e.Error, &e.ExpiresAt, &e.CreatedAt, &e.UpdatedAt, &e.RequestedByKind)
	return e, err
}

// CreateExport stores a new export and returns it with its id.
func (s *Store) CreateExport(ctx context.Context, e Export) (Export, error) {
	now := s.nowMS()
	err := s.queryRow(ctx, `INSERT INTO exports (corp_id, format, source, params, scope, requested_by, requested_by_id, state,
		approval_id, created_at, updated_at, requested_by_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.CorpID, e.Format, e.Source, e.Params, e.Scope, e.RequestedBy, e.RequestedByID, e.State, e.ApprovalID, now, now,
		e.RequestedByKind).Scan(&e.ID)
	if err != nil {
		return Export{}, fmt.Errorf("store: create export: %w", err)
	}
	e.CreatedAt, e.UpdatedAt = now, now
	return e, nil
}

// ExportByID returns one export.
func (s *Store) ExportByID(ctx context.Context, id int64) (Export, error) {
	e, err := scanExport(s.queryRow(ctx, `SELECT `+exportCols+` FROM exports WHERE id = ?`, id))
	if err != nil {
		return Export{}, notFound(err, fmt.Sprintf("export %d", id))
	}
	return e, nil
}

// UpdateExport writes an export's mutable fields.
func (s *Store) UpdateExport(ctx context.Context, e Export) error {
	_, err := s.exec(ctx, `UPDATE exports SET state = ?, approval_id = ?, job_id = ?, blob_key = ?, sha256 = ?, size = ?,
		row_count = ?, error = ?, expires_at = ?, updated_at = ? WHERE id = ?`,
		e.State, e.ApprovalID, e.JobID, e.BlobKey, e.SHA256, e.Size, e.RowCount, e.Error, e.ExpiresAt, s.nowMS(), e.ID)
	if err != nil {
		return fmt.Errorf("store: update export %d: %w", e.ID, err)
	}
	return nil
}

// ListExports returns a corp's exports newest first ("" corp: all;
// requesterID 0: everyone's).
func (s *Store) ListExports(ctx context.Context, corpID string, requesterID int64, limit int) ([]Export, error) {
	rows, err := s.query(ctx, `SELECT `+exportCols+` FROM exports WHERE (? = '' OR corp_id = ?) AND (? = 0 OR requested_by_id = ?)
		ORDER BY id DESC LIMIT ?`, corpID, corpID, requesterID, requesterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list exports: %w", err)
	}
	defer rows.Close()
	var out []Export
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan export: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ExportsExpiredBefore lists finished exports whose file expired.
func (s *Store) ExportsExpiredBefore(ctx context.Context, t int64) ([]Export, error) {
	rows, err := s.query(ctx, `SELECT `+exportCols+` FROM exports WHERE state = 'done' AND expires_at > 0 AND expires_at <= ?`, t)
	if err != nil {
		return nil, fmt.Errorf("store: expired exports: %w", err)
	}
	defer rows.Close()
	var out []Export
	for rows.Next() {
		e, err := scanExport(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan export: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

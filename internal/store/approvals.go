package store

import (
	"context"
	"fmt"
)

// ExportApproval is a request to export conversation content and its decision.
type ExportApproval struct {
	ID              int64
	CorpID          string
	Kind            string
	Params          string // JSON object: the export's filters
	Departments     []string
	Reason          string
	RequestedBy     string
	RequestedByKind string
	RequestedByID   int64
	State           string // pending, approved, rejected
	DecidedBy       string
	DecidedByKind   string
	DecidedByID     int64
	DecisionNote    string
	CreatedAt       int64
	DecidedAt       int64
}

const approvalCols = `id, corp_id, kind, params, departments, reason, requested_by, requested_by_kind, requested_by_id,
	state, decided_by, decided_by_kind, decided_by_id, decision_note, created_at, decided_at`

func scanApproval(sc interface{ Scan(...any) error }) (ExportApproval, error) {
	var a ExportApproval
	var deps string
	err := sc.Scan(&a.ID, &a.CorpID, &a.Kind, &a.Params, &deps, &a.Reason, &a.RequestedBy, &a.RequestedByKind, &a.RequestedByID,
		&a.State, &a.DecidedBy, &a.DecidedByKind, &a.DecidedByID, &a.DecisionNote, &a.CreatedAt, &a.DecidedAt)
	a.Departments = decodeStrings(deps)
	return a, err
}

// CreateExportApproval stores a pending request.
func (s *Store) CreateExportApproval(ctx context.Context, a ExportApproval) (ExportApproval, error) {
	a.State, a.CreatedAt = "pending", s.nowMS()
	if a.Params == "" {
		a.Params = "{}"
	}
	err := s.queryRow(ctx, `INSERT INTO export_approvals (corp_id, kind, params, departments, reason, requested_by,
		requested_by_kind, requested_by_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.CorpID, a.Kind, a.Params, encodeStrings(a.Departments), a.Reason, a.RequestedBy, a.RequestedByKind,
		a.RequestedByID, a.State, a.CreatedAt).Scan(&a.ID)
	if err != nil {
		return ExportApproval{}, fmt.Errorf("store: create export approval: %w", err)
	}
	return a, nil
}

// ExportApprovalByID returns one request.
func (s *Store) ExportApprovalByID(ctx context.Context, id int64) (ExportApproval, error) {
	a, err := scanApproval(s.queryRow(ctx, `SELECT `+approvalCols+` FROM export_approvals WHERE id = ?`, id))
	if err != nil {
		return ExportApproval{}, notFound(err, fmt.Sprintf("export approval %d", id))
	}
	return a, nil
}

// ListExportApprovals returns a corp's requests, newest first; state "" means any.
func (s *Store) ListExportApprovals(ctx context.Context, corpID, state string, limit int) ([]ExportApproval, error) {
	rows, err := s.query(ctx, `SELECT `+approvalCols+` FROM export_approvals WHERE corp_id = ? AND (? = '' OR state = ?)
		ORDER BY id DESC LIMIT ?`, corpID, state, state, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list export approvals: %w", err)
	}
	defer rows.Close()
	out := []ExportApproval{}
	for rows.Next() {
		a, err := scanApproval(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan export approval: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DecideExportApproval moves a pending request to approved or rejected; a
// request no longer pending is ErrConflict (decisions are made once).
func (s *Store) DecideExportApproval(ctx context.Context, a ExportApproval) error {
	res, err := s.exec(ctx, `UPDATE export_approvals SET state = ?, decided_by = ?, decided_by_kind = ?, decided_by_id = ?,
		decision_note = ?, decided_at = ? WHERE id = ? AND state = 'pending'`,
		a.State, a.DecidedBy, a.DecidedByKind, a.DecidedByID, a.DecisionNote, s.nowMS(), a.ID)
	if err != nil {
		return fmt.Errorf("store: decide export approval %d: %w", a.ID, err)
	}
	return mustAffect(res, fmt.Sprintf("export approval %d is not pending", a.ID), ErrConflict)
}

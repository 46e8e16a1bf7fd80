package store

import (
	"context"
	"fmt"
)

// Transfer is one handover (在职继承 "onjob" or 离职继承 "resigned").
type Transfer struct {
	ID             int64          `json:"id"`
	CorpID         string         `json:"corp_id"`
	Kind           string         `json:"kind"` // onjob | resigned
	HandoverUserID string         `json:"handover_userid"`
	TakeoverUserID string         `json:"takeover_userid"`
	Message        string         `json:"message"`
	State          string         `json:"state"` // pending | running | done
	RequestedBy    string         `json:"requested_by"`
	Rule           string         `json:"rule"`
	CreatedAt      int64          `json:"created_at"`
	UpdatedAt      int64          `json:"updated_at"`
	FinishedAt     int64          `json:"finished_at"`
	Counts         map[string]int `json:"counts"` // item status → count (filled by GetTransfer/ListTransfers)
}

// TransferItem is one customer or group chat of a transfer.
type TransferItem struct {
	ID           int64  `json:"id"`
	TransferID   int64  `json:"transfer_id"`
	CorpID       string `json:"corp_id"`
	ItemKind     string `json:"item_kind"` // customer | group
	TargetID     string `json:"target_id"` // external_userid or chat_id
	Status       string `json:"status"`
	ErrCode      int    `json:"err_code"`
	Attempts     int    `json:"attempts"`
	TakeoverTime int64  `json:"takeover_time"`
	LastError    string `json:"last_error"`
	UpdatedAt    int64  `json:"updated_at"`
}

// CreateTransfer stores a transfer and its items (all pending).
func (s *Store) CreateTransfer(ctx context.Context, t Transfer, items []TransferItem) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		if t.State == "" {
			t.State = "pending"
		}
		err := s.queryRow(ctx, `INSERT INTO transfers (corp_id, kind, handover_userid, takeover_userid, message, state, requested_by,
			rule, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.CorpID, t.Kind, t.HandoverUserID,
			t.TakeoverUserID, t.Message, t.State, t.RequestedBy, t.Rule, now, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create transfer: %w", err)
		}
		for _, it := range items {
			if it.Status == "" {
				it.Status = "pending"
			}
			if _, err := s.exec(ctx, `INSERT INTO transfer_items (transfer_id, corp_id, item_kind, target_id, status, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id, item_kind, target_id) DO NOTHING`,
				id, t.CorpID, it.ItemKind, it.TargetID, it.Status, now); err != nil {
				return fmt.Errorf("store: create transfer item: %w", err)
			}
		}
		return nil
	})
	return id, err
}

const transferCols = `id, corp_id, kind, handover_userid, takeover_userid, message, state, requested_by, rule, created_at, updated_at, finished_at`

func scanTransfer(sc interface{ Scan(...any) error }) (Transfer, error) {
	var t Transfer
	err := sc.Scan(&t.ID, &t.CorpID, &t.Kind, &t.HandoverUserID, &t.TakeoverUserID, &t.Message, &t.State, &t.RequestedBy,
		&t.Rule, &t.CreatedAt, &t.UpdatedAt, &t.FinishedAt)
	return t, err
}

// GetTransfer reads a transfer with its per-status counts.
func (s *Store) GetTransfer(ctx context.Context, id int64) (Transfer, error) {
	t, err := scanTransfer(s.queryRow(ctx, `SELECT `+transferCols+` FROM transfers WHERE id = ?`, id))
	if err != nil {
		return Transfer{}, notFound(err, fmt.Sprintf("transfer %d", id))
	}
	t.Counts, err = s.transferCounts(ctx, id)
	return t, err
}

func (s *Store) transferCounts(ctx context.Context, id int64) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT status, COUNT(*) FROM transfer_items WHERE transfer_id = ? GROUP BY status`, id)
	if err != nil {
		return nil, fmt.Errorf("store: transfer counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: scan transfer counts: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// ListTransfers lists a corp's transfers ("" = all corps), newest first; onlyOpen limits to unfinished ones.
func (s *Store) ListTransfers(ctx context.Context, corpID string, onlyOpen bool, limit int) ([]Transfer, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.query(ctx, `SELECT `+transferCols+` FROM transfers WHERE (? = '' OR corp_id = ?) AND (? = 0 OR state <> 'done')
		ORDER BY id DESC LIMIT ?`, corpID, corpID, boolInt(onlyOpen), limit)
	if err != nil {
		return nil, fmt.Errorf("store: list transfers: %w", err)
	}
	var out []Transfer
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan transfer: %w", err)
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list transfers: %w", err)
	}
	for i := range out {
		if out[i].Counts, err = s.transferCounts(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TransferItems lists a transfer's items.
func (s *Store) TransferItems(ctx context.Context, transferID int64) ([]TransferItem, error) {
	rows, err := s.query(ctx, `SELECT id, transfer_id, corp_id, item_kind, target_id, status, errcode, attempts, takeover_time,
		last_error, updated_at FROM transfer_items WHERE transfer_id = ? ORDER BY id`, transferID)
	if err != nil {
		return nil, fmt.Errorf("store: transfer items: %w", err)
	}
	defer rows.Close()
	var out []TransferItem
	for rows.Next() {
		var it TransferItem
		if err := rows.Scan(&it.ID, &it.TransferID, &it.CorpID, &it.ItemKind, &it.TargetID, &it.Status, &it.ErrCode,
			&it.Attempts, &it.TakeoverTime, &it.LastError, &it.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: scan transfer item: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// UpdateTransferItem writes an item's status, errcode, attempts, takeover time and error.
func (s *Store) UpdateTransferItem(ctx context.Context, it TransferItem) error {
	_, err := s.exec(ctx, `UPDATE transfer_items SET status = ?, errcode = ?, attempts = ?, takeover_time = ?, last_error = ?,
		updated_at = ? WHERE id = ?`, it.Status, it.ErrCode, it.Attempts, it.TakeoverTime, truncate(it.LastError, 500), s.nowMS(), it.ID)
	if err != nil {
		return fmt.Errorf("store: update transfer item %d: %w", it.ID, err)
	}
	return nil
}

// SetTransferState moves a transfer to state; "done" stamps finished_at.
func (s *Store) SetTransferState(ctx context.Context, id int64, state string) error {
	now := s.nowMS()
	fin := int64(0)
	if state == "done" {
		fin = now
	}
	_, err := s.exec(ctx, `UPDATE transfers SET state = ?, updated_at = ?, finished_at = ? WHERE id = ?`, state, now, fin, id)
	if err != nil {
		return fmt.Errorf("store: set transfer %d state: %w", id, err)
	}
	return nil
}

// WaitingTransferItems finds the waiting customer items of a takeover member
// for one customer (a transfer_fail callback names only those two).
func (s *Store) WaitingTransferItems(ctx context.Context, corpID, takeoverUserID, externalUserID string) ([]TransferItem, error) {
	rows, err := s.query(ctx, `SELECT i.id, i.transfer_id, i.corp_id, i.item_kind, i.target_id, i.status, i.errcode, i.attempts,
		i.takeover_time, i.last_error, i.updated_at FROM transfer_items i JOIN transfers t ON t.id = i.transfer_id
		WHERE i.corp_id = ? AND t.takeover_userid = ? AND i.target_id = ? AND i.item_kind = 'customer' AND i.status = 'waiting'`,
		corpID, takeoverUserID, externalUserID)
	if err != nil {
		return nil, fmt.Errorf("store: waiting transfer items: %w", err)
	}
	defer rows.Close()
	var out []TransferItem
	for rows.Next() {
		var it TransferItem
		if err := rows.Scan(&it.ID, &it.TransferID, &it.CorpID, &it.ItemKind, &it.TargetID, &it.Status, &it.ErrCode,
			&it.Attempts, &it.TakeoverTime, &it.LastError, &it.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: scan transfer item: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

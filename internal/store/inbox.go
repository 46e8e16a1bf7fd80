package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// Inbox states.
const (
	InboxPending = "pending"
	InboxDone    = "done"
	InboxDead    = "dead" // gave up after the last attempt; kept for inspection and replay
)

// InboxItem is one stored WeCom callback (decrypted event XML).
type InboxItem struct {
	ID            int64
	CorpID        string
	DedupeKey     string
	Event         string
	ChangeType    string
	EventTime     int64 // event CreateTime, unix seconds
	Payload       string
	State         string
	Attempts      int
	Duplicates    int
	NextAttemptAt int64
	LastError     string
	ReceivedAt    int64
	ProcessedAt   int64
}

const inboxCols = `id, corp_id, dedupe_key, event, change_type, event_time, payload, state, attempts, duplicates,
	next_attempt_at, last_error, received_at, processed_at`

func scanInbox(sc interface{ Scan(...any) error }) (InboxItem, error) {
	var it InboxItem
	err := sc.Scan(&it.ID, &it.CorpID, &it.DedupeKey, &it.Event, &it.ChangeType, &it.EventTime, &it.Payload, &it.State,
		&it.Attempts, &it.Duplicates, &it.NextAttemptAt, &it.LastError, &it.ReceivedAt, &it.ProcessedAt)
	return it, err
}

// InsertInbox stores a callback unless one with the same dedupe key is
// already there; a retry only bumps the duplicates counter. It reports the
// row id and whether the item was a duplicate.
func (s *Store) InsertInbox(ctx context.Context, it InboxItem) (id int64, dup bool, err error) {
	now := s.nowMS()
	res, err := s.exec(ctx, `INSERT INTO callback_inbox (corp_id, dedupe_key, event, change_type, event_time, payload, state,
		next_attempt_at, received_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (corp_id, dedupe_key) DO NOTHING`,
		it.CorpID, it.DedupeKey, it.Event, it.ChangeType, it.EventTime, it.Payload, now, now)
	if err != nil {
		return 0, false, fmt.Errorf("store: insert inbox: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		if _, err := s.exec(ctx, `UPDATE callback_inbox SET duplicates = duplicates + 1 WHERE corp_id = ? AND dedupe_key = ?`,
			it.CorpID, it.DedupeKey); err != nil {
			return 0, true, fmt.Errorf("store: count inbox duplicate: %w", err)
		}
	}
	if err := s.queryRow(ctx, `SELECT id FROM callback_inbox WHERE corp_id = ? AND dedupe_key = ?`, it.CorpID, it.DedupeKey).Scan(&id); err != nil {
		return 0, n == 0, notFound(err, "inbox id")
	}
	return id, n == 0, nil
}

// ClaimInbox leases up to n ready items (oldest first) to one worker for
// the lease duration. The lease re-check in the outer WHERE keeps two
// concurrent claimers on PostgreSQL from taking the same row.
func (s *Store) ClaimInbox(ctx context.Context, n int, lease time.Duration) ([]InboxItem, error) {
	now := s.nowMS()
	var b [8]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	_, err := s.exec(ctx, `UPDATE callback_inbox SET lease_owner = ?, lease_until = ?
		WHERE state = 'pending' AND lease_until < ? AND next_attempt_at <= ? AND id IN (
			SELECT id FROM callback_inbox WHERE state = 'pending' AND next_attempt_at <= ? AND lease_until < ? ORDER BY id LIMIT ?)`,
		token, now+lease.Milliseconds(), now, now, now, now, n)
	if err != nil {
		return nil, fmt.Errorf("store: claim inbox: %w", err)
	}
	rows, err := s.query(ctx, `SELECT `+inboxCols+` FROM callback_inbox WHERE lease_owner = ? AND state = 'pending' ORDER BY id`, token)
	if err != nil {
		return nil, fmt.Errorf("store: claimed inbox: %w", err)
	}
	defer rows.Close()
	var out []InboxItem
	for rows.Next() {
		it, err := scanInbox(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan inbox: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// CompleteInbox marks an item applied.
func (s *Store) CompleteInbox(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, `UPDATE callback_inbox SET state = 'done', attempts = attempts + 1, processed_at = ?, lease_until = 0,
		last_error = '' WHERE id = ?`, s.nowMS(), id)
	if err != nil {
		return fmt.Errorf("store: complete inbox %d: %w", id, err)
	}
	return nil
}

// FailInbox records a failed attempt; the item is retried at next, or
// parked as dead when dead is true.
func (s *Store) FailInbox(ctx context.Context, id int64, errText string, next time.Time, dead bool) error {
	state := InboxPending
	if dead {
		state = InboxDead
	}
	_, err := s.exec(ctx, `UPDATE callback_inbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
		lease_until = 0 WHERE id = ?`, state, truncate(errText, 1000), next.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("store: fail inbox %d: %w", id, err)
	}
	return nil
}

// InboxCounts returns the number of items per state for a corp ("" = all).
func (s *Store) InboxCounts(ctx context.Context, corpID string) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT state, COUNT(*), COALESCE(SUM(duplicates), 0) FROM callback_inbox
		WHERE (? = '' OR corp_id = ?) GROUP BY state`, corpID, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: inbox counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var st string
		var n, d int64
		if err := rows.Scan(&st, &n, &d); err != nil {
			return nil, fmt.Errorf("store: scan inbox counts: %w", err)
		}
		out[st] = n
		out["duplicates"] += d
	}
	return out, rows.Err()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// PurgeInbox deletes applied items received before the cut-off (ms) and
// reports how many went; pending and dead items stay.
func (s *Store) PurgeInbox(ctx context.Context, before int64) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM callback_inbox WHERE state = 'done' AND received_at < ?`, before)
	if err != nil {
		return 0, fmt.Errorf("store: purge inbox: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

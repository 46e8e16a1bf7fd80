package store

import (
	"context"
	"fmt"
)

// CorpCounts is what the status page shows for one corp.
type CorpCounts struct {
	CorpID         string
	Key            string
	Name           string
	CursorSeq      int64
	LastPullAt     int64
	LastMessageAt  int64
	LastError      string
	LastErrorAt    int64
	CaughtUpAt     int64 // the last pull that reached the end of the archive
	MessagesByType map[string]int64
	MediaByState   map[string]int64
}

// StatusCounts gathers per-corp ingest cursors, message counts by msgtype
// and media counts by state in a handful of grouped queries.
func (s *Store) StatusCounts(ctx context.Context) ([]CorpCounts, error) {
	corps, err := s.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]*CorpCounts{}
	out := make([]CorpCounts, len(corps))
	for i, c := range corps {
		out[i] = CorpCounts{CorpID: c.CorpID, Key: c.Key, Name: c.Name, MessagesByType: map[string]int64{}, MediaByState: map[string]int64{}}
		byID[c.CorpID] = &out[i]
	}
	rows, err := s.query(ctx, `SELECT corp_id, seq, last_pull_at, last_message_at, last_error, last_error_at, last_caught_up_at FROM archive_cursors`)
	if err != nil {
		return nil, fmt.Errorf("store: status cursors: %w", err)
	}
	for rows.Next() {
		var id string
		var c CorpCounts
		if err := rows.Scan(&id, &c.CursorSeq, &c.LastPullAt, &c.LastMessageAt, &c.LastError, &c.LastErrorAt, &c.CaughtUpAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: status cursors: %w", err)
		}
		if p := byID[id]; p != nil {
			p.CursorSeq, p.LastPullAt, p.LastMessageAt, p.LastError, p.LastErrorAt = c.CursorSeq, c.LastPullAt, c.LastMessageAt, c.LastError, c.LastErrorAt
			p.CaughtUpAt = c.CaughtUpAt
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: status cursors: %w", err)
	}
	if err := s.groupCount(ctx, `SELECT corp_id, msgtype, COUNT(*) FROM messages GROUP BY corp_id, msgtype`, byID,
		func(c *CorpCounts) map[string]int64 { return c.MessagesByType }); err != nil {
		return nil, err
	}
	if err := s.groupCount(ctx, `SELECT corp_id, state, COUNT(*) FROM media GROUP BY corp_id, state`, byID,
		func(c *CorpCounts) map[string]int64 { return c.MediaByState }); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) groupCount(ctx context.Context, q string, byID map[string]*CorpCounts, into func(*CorpCounts) map[string]int64) error {
	rows, err := s.query(ctx, q)
	if err != nil {
		return fmt.Errorf("store: status counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, k string
		var n int64
		if err := rows.Scan(&id, &k, &n); err != nil {
			return fmt.Errorf("store: status counts: %w", err)
		}
		if p := byID[id]; p != nil {
			into(p)[k] = n
		}
	}
	return rows.Err()
}

// DayCount is the number of messages of one msgtype on one UTC day
// (days since the Unix epoch).
type DayCount struct {
	Day     int64
	MsgType string
	Count   int64
}

// MessagesPerDay counts a corp's messages by UTC day and msgtype since a time (ms).
func (s *Store) MessagesPerDay(ctx context.Context, corpID string, since int64) ([]DayCount, error) {
	rows, err := s.query(ctx, `SELECT msgtime / 86400000 AS day, msgtype, COUNT(*) FROM messages
		WHERE corp_id = ? AND msgtime >= ? GROUP BY msgtime / 86400000, msgtype ORDER BY day, msgtype`, corpID, since)
	if err != nil {
		return nil, fmt.Errorf("store: messages per day: %w", err)
	}
	defer rows.Close()
	var out []DayCount
	for rows.Next() {
		var d DayCount
		if err := rows.Scan(&d.Day, &d.MsgType, &d.Count); err != nil {
			return nil, fmt.Errorf("store: messages per day: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

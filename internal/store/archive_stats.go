package store

import (
	"context"
	"errors"
	"fmt"
)

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// ArchiveStats are a corp's completeness counters.
type ArchiveStats struct {
	Cursor          ArchiveCursor
	ByType          map[string]int64
	Messages        int64
	Unknown         int64 // messages whose msgtype the registry does not know (kept raw)
	Partial         int64 // known msgtype whose body did not parse (kept raw)
	Quarantined     map[string]int64
	MediaReferenced int64 // media files referenced by stored messages
	MediaPending    int64 // media rows still pending (filled by the media work)
}

// ArchiveStats counts what the archive holds for a corp.
func (s *Store) ArchiveStats(ctx context.Context, corpID string) (ArchiveStats, error) {
	st := ArchiveStats{Quarantined: map[string]int64{}}
	var err error
	if st.Cursor, err = s.ArchiveCursor(ctx, corpID); err != nil {
		return st, err
	}
	if st.ByType, err = s.MessageCountsByType(ctx, corpID); err != nil {
		return st, err
	}
	err = s.queryRow(ctx, `SELECT COUNT(*),
			COALESCE(SUM(CASE WHEN parse_status = 'unknown' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN parse_status = 'partial' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(has_media), 0)
		FROM messages WHERE corp_id = ?`, corpID).Scan(&st.Messages, &st.Unknown, &st.Partial, &st.MediaReferenced)
	if err != nil {
		return st, fmt.Errorf("store: archive stats: %w", err)
	}
	rows, err := s.query(ctx, `SELECT reason, COUNT(*) FROM archive_quarantine WHERE corp_id = ? AND resolved_at = 0 GROUP BY reason`, corpID)
	if err != nil {
		return st, fmt.Errorf("store: archive stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		var n int64
		if err := rows.Scan(&r, &n); err != nil {
			return st, fmt.Errorf("store: archive stats: %w", err)
		}
		st.Quarantined[r] = n
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	err = s.queryRow(ctx, `SELECT COUNT(*) FROM media WHERE corp_id = ? AND state = 'pending'`, corpID).Scan(&st.MediaPending)
	if err != nil {
		return st, fmt.Errorf("store: archive stats media: %w", err)
	}
	return st, nil
}

package store

import (
	"context"
	"fmt"
	"strings"
)

func qmarks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// DeleteMessages deletes a corp's messages (by id, msgid and msgtime) with
// their index entries, media rows and transcripts; it returns the blob keys
// (originals, playable copies, thumbnails) that no remaining media row
// references, by key or by content hash, so the caller may delete those
// objects. Run it in a tx.
func (s *Store) DeleteMessages(ctx context.Context, corpID string, msgs []Message) ([]string, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	idArgs := make([]any, len(msgs))
	midArgs := []any{corpID}
	lo, hi := msgs[0].MsgTime, msgs[0].MsgTime
	for i, m := range msgs {
		idArgs[i] = m.ID
		midArgs = append(midArgs, m.MsgID)
		lo, hi = min(lo, m.MsgTime), max(hi, m.MsgTime)
	}
	// The msgtime span of the batch prunes the id statements to its months.
	spanArgs := append(append([]any{}, idArgs...), lo, hi)
	inMsg := `corp_id = ? AND msgid IN (` + qmarks(len(msgs)) + `)`
	keys, err := s.mediaKeys(ctx, `SELECT blob_key, playable_key, thumb_key, sha256 FROM media WHERE `+inMsg, midArgs...)
	if err != nil {
		return nil, fmt.Errorf("store: delete messages: %w", err)
	}
	for _, q := range []string{
		`DELETE FROM media_transcripts WHERE media_id IN (SELECT id FROM media WHERE ` + inMsg + `)`,
		`DELETE FROM media WHERE ` + inMsg,
	} {
		if _, err := s.exec(ctx, q, midArgs...); err != nil {
			return nil, fmt.Errorf("store: delete media: %w", err)
		}
	}
	if s.dialect == SQLite { // PostgreSQL's index is a column of messages
		// Rows indexed earlier in this transaction are still buffered.
		if err := s.flushIndex(ctx); err != nil {
			return nil, err
		}
		if _, err := s.exec(ctx, `DELETE FROM message_fts WHERE rowid IN (`+qmarks(len(msgs))+`)`, idArgs...); err != nil {
			return nil, fmt.Errorf("store: delete index entries: %w", err)
		}
	}
	if err := s.addTombstones(ctx, "retention", len(msgs), spanArgs); err != nil { // the lake export deletes them too
		return nil, err
	}
	if _, err := s.exec(ctx, deleteMessagesSQL(len(msgs)), spanArgs...); err != nil {
		return nil, fmt.Errorf("store: delete messages: %w", err)
	}
	orphans, err := s.orphanKeys(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("store: delete messages: %w", err)
	}
	return orphans, nil
}

// deleteMessagesSQL deletes n messages by id within their msgtime span
// (args: the ids, then the span's first and last msgtime).
func deleteMessagesSQL(n int) string {
	return `DELETE FROM messages WHERE id IN (` + qmarks(n) + `) AND msgtime >= ? AND msgtime <= ?`
}

// orphanKeys picks the keys (with their content hash) that no media row
// references any more, by key or by hash.
func (s *Store) orphanKeys(ctx context.Context, keys map[string]string) ([]string, error) {
	var orphans []string
	for k, sum := range keys {
		var n int
		q := `SELECT COUNT(*) FROM media WHERE blob_key = ? OR playable_key = ? OR thumb_key = ?`
		args := []any{k, k, k}
		if sum != "" {
			q += ` OR sha256 = ?`
			args = append(args, sum)
		}
		if err := s.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			orphans = append(orphans, k)
		}
	}
	return orphans, nil
}

// mediaKeys maps every blob key the selected media rows name to the
// content hash of its original ("" for derived files).
func (s *Store) mediaKeys(ctx context.Context, q string, args ...any) (map[string]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[string]string{}
	for rows.Next() {
		var blobKey, playable, thumb, sum string
		if err := rows.Scan(&blobKey, &playable, &thumb, &sum); err != nil {
			return nil, err
		}
		for _, k := range []string{playable, thumb} {
			if k != "" {
				if _, ok := keys[k]; !ok {
					keys[k] = ""
				}
			}
		}
		if blobKey != "" {
			keys[blobKey] = sum
		}
	}
	return keys, rows.Err()
}

// MediaCount counts the media rows of the given messages (retention's preview).
func (s *Store) MediaCount(ctx context.Context, corpID string, msgids []string) (int, error) {
	if len(msgids) == 0 {
		return 0, nil
	}
	args := []any{corpID}
	for _, m := range msgids {
		args = append(args, m)
	}
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM media WHERE corp_id = ? AND msgid IN (`+qmarks(len(msgids))+`)`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: media count: %w", err)
	}
	return n, nil
}

// UpdateRetentionRule changes a rule by id (its msgtype, department, days).
func (s *Store) UpdateRetentionRule(ctx context.Context, r RetentionRule) (RetentionRule, error) {
	now := s.nowMS()
	res, err := s.exec(ctx, `UPDATE retention_rules SET msgtype = ?, department = ?, days = ?, updated_by = ?, updated_at = ?
		WHERE id = ? AND corp_id = ?`, r.MsgType, r.Department, r.Days, r.UpdatedBy, now, r.ID, r.CorpID)
	if err != nil {
		if isUniqueViolation(err) {
			return RetentionRule{}, fmt.Errorf("store: retention rule for %q/%q: %w", r.MsgType, r.Department, ErrConflict)
		}
		return RetentionRule{}, fmt.Errorf("store: update retention rule: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return RetentionRule{}, fmt.Errorf("store: retention rule %d: %w", r.ID, ErrNotFound)
	}
	r.UpdatedAt = now
	return r, nil
}

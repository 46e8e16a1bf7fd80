package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// Retention's fast path on partitioned PostgreSQL: when every row of a past
// month is due and none is held or flagged, the month's partition is
// certified from one read and dropped whole (its search index is the
// partition's tsvector column and GIN index, so it goes with it) instead of
// deleting its rows one batch at a time. The retention service decides
// what is due; these methods read and drop.

// partitionName matches the month partitions this package creates; the
// names go into SQL text (DDL takes no parameters), so nothing else may.
var partitionName = regexp.MustCompile(`^messages_p[0-9]{6}$`)

func checkPartition(name string) error {
	if !partitionName.MatchString(name) {
		return fmt.Errorf("store: %q is not a month partition", name)
	}
	return nil
}

// PartitionCorp is one corp's share of a month partition.
type PartitionCorp struct {
	CorpID   string
	Messages int64
	// OpenAlert: a monitoring alert on one of its messages is not closed.
	OpenAlert bool
}

// PartitionCorps reads a month partition once: per corp, its rows and
// whether an alert that is not closed names one of them.
func (s *Store) PartitionCorps(ctx context.Context, name string) ([]PartitionCorp, error) {
	if err := checkPartition(name); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT m.corp_id, COUNT(*), EXISTS (SELECT 1 FROM monitor_alerts a WHERE a.corp_id = m.corp_id
		AND a.state <> 'closed' AND EXISTS (SELECT 1 FROM `+name+` x WHERE x.corp_id = a.corp_id AND x.msgid = a.msgid))
		FROM `+name+` m GROUP BY m.corp_id ORDER BY m.corp_id`)
	if err != nil {
		return nil, fmt.Errorf("store: partition %s corps: %w", name, err)
	}
	defer rows.Close()
	var out []PartitionCorp
	for rows.Next() {
		var c PartitionCorp
		if err := rows.Scan(&c.CorpID, &c.Messages, &c.OpenAlert); err != nil {
			return nil, fmt.Errorf("store: partition %s corps: %w", name, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LockPartitionForDrop, in the caller's transaction, locks a month
// partition against every other use, and legal holds and alerts against
// writes, so what the caller checks after it stays true until it commits.
// It waits at most 5 s for each lock (the sweep falls back to row deletes
// when it cannot have them).
func (s *Store) LockPartitionForDrop(ctx context.Context, name string) error {
	if err := checkPartition(name); err != nil {
		return err
	}
	for _, q := range []string{
		`SET LOCAL lock_timeout = '5s'`,
		`LOCK TABLE ` + name + ` IN ACCESS EXCLUSIVE MODE`,
		`LOCK TABLE legal_holds, monitor_alerts IN SHARE MODE`,
	} {
		if _, err := s.exec(ctx, q); err != nil {
			return fmt.Errorf("store: lock partition %s: %w", name, err)
		}
	}
	return nil
}

// IsLockTimeout reports whether err is PostgreSQL giving up on a lock
// (lock_timeout).
func IsLockTimeout(err error) bool {
	return err != nil && strings.Contains(err.Error(), "SQLSTATE 55P03")
}

// WalkPartition hands fn a corp's messages of a month partition in id
// order, streaming (a month may hold millions).
func (s *Store) WalkPartition(ctx context.Context, name, corpID string, fn func(Message) error) error {
	if err := checkPartition(name); err != nil {
		return err
	}
	rows, err := s.query(ctx, `SELECT `+messageCols+` FROM `+name+` WHERE corp_id = ? ORDER BY id`, corpID)
	if err != nil {
		return fmt.Errorf("store: walk partition %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return fmt.Errorf("store: walk partition %s: %w", name, err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DropRetainedPartition removes a month partition whole, with what
// DeleteMessages removes for each message (media rows and transcripts, the
// lake's tombstones, the conversations' counts), then detaches and drops
// it. It returns the blob keys no remaining media row references. Run it
// in a transaction after LockPartitionForDrop.
func (s *Store) DropRetainedPartition(ctx context.Context, name string) ([]string, error) {
	if err := checkPartition(name); err != nil {
		return nil, err
	}
	inPart := `EXISTS (SELECT 1 FROM ` + name + ` m WHERE m.corp_id = md.corp_id AND m.msgid = md.msgid)`
	keys, err := s.mediaKeys(ctx, `SELECT blob_key, playable_key, thumb_key, sha256 FROM media md WHERE `+inPart)
	if err != nil {
		return nil, fmt.Errorf("store: drop partition %s: media: %w", name, err)
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM media_transcripts WHERE media_id IN (SELECT md.id FROM media md WHERE ` + inPart + `)`, nil},
		{`DELETE FROM media md WHERE ` + inPart, nil},
		{`INSERT INTO lake_tombstones (corp_id, msgid, message_id, msgtime, reason, deleted_at)
			SELECT corp_id, msgid, id, msgtime, 'retention', ? FROM ` + name + ` ORDER BY id`, []any{s.nowMS()}},
		{`UPDATE conversations c SET message_count = CASE WHEN c.message_count > d.n THEN c.message_count - d.n ELSE 0 END,
			updated_at = ? FROM (SELECT corp_id, conversation_id, COUNT(*) AS n FROM ` + name + `
			WHERE conversation_id <> '' GROUP BY corp_id, conversation_id) d
			WHERE c.corp_id = d.corp_id AND c.conversation_id = d.conversation_id`, []any{s.nowMS()}},
		{`ALTER TABLE messages DETACH PARTITION ` + name, nil},
		{`DROP TABLE ` + name, nil},
	}
	for _, st := range stmts {
		if _, err := s.exec(ctx, st.q, st.args...); err != nil {
			return nil, fmt.Errorf("store: drop partition %s: %w", name, err)
		}
	}
	orphans, err := s.orphanKeys(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("store: drop partition %s: %w", name, err)
	}
	s.log.Info("messages partition dropped whole by retention", "partition", name)
	return orphans, nil
}

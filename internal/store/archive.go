package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// ArchiveCursor is a corp's archive position and health.
type ArchiveCursor struct {
	CorpID        string
	Seq           int64
	LastPullAt    int64
	LastMessageAt int64
	LastError     string
	LastErrorAt   int64
	SeqGaps       int64
	Status        string // ok, no_new_data, wrong_secret, no_permit, key_version_missing, …
	CaughtUpAt    int64
	UpdatedAt     int64
}

// ArchiveCursor returns a corp's cursor; a corp that never pulled is at seq 0.
func (s *Store) ArchiveCursor(ctx context.Context, corpID string) (ArchiveCursor, error) {
	c := ArchiveCursor{CorpID: corpID}
	err := s.queryRow(ctx, `SELECT seq, last_pull_at, last_message_at, last_error, last_error_at, seq_gaps, status,
			last_caught_up_at, updated_at FROM archive_cursors WHERE corp_id = ?`, corpID).
		Scan(&c.Seq, &c.LastPullAt, &c.LastMessageAt, &c.LastError, &c.LastErrorAt, &c.SeqGaps, &c.Status, &c.CaughtUpAt, &c.UpdatedAt)
	if err != nil {
		if e := notFound(err, "archive cursor"); isNotFound(e) {
			return c, nil
		}
		return c, fmt.Errorf("store: archive cursor %s: %w", corpID, err)
	}
	return c, nil
}

// AdvanceArchiveCursor moves the cursor to seq, adding gaps; call it in the
// transaction that stores the messages up to seq. It never moves backwards.
func (s *Store) AdvanceArchiveCursor(ctx context.Context, corpID string, seq, gaps, lastMsgTime int64) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `INSERT INTO archive_cursors (corp_id, seq, seq_gaps, last_pull_at, last_message_at, status, updated_at)
		VALUES (?, ?, ?, ?, ?, 'ok', ?)
		ON CONFLICT (corp_id) DO UPDATE SET
			seq = CASE WHEN excluded.seq > archive_cursors.seq THEN excluded.seq ELSE archive_cursors.seq END,
			seq_gaps = archive_cursors.seq_gaps + excluded.seq_gaps,
			last_pull_at = excluded.last_pull_at,
			last_message_at = CASE WHEN excluded.last_message_at > archive_cursors.last_message_at
				THEN excluded.last_message_at ELSE archive_cursors.last_message_at END,
			status = 'ok', updated_at = excluded.updated_at`,
		corpID, seq, gaps, now, lastMsgTime, now)
	if err != nil {
		return fmt.Errorf("store: advance archive cursor %s: %w", corpID, err)
	}
	return nil
}

// SetArchiveStatus records the outcome of a pull: status and, when not
// empty, the last error. caughtUp stamps last_caught_up_at.
func (s *Store) SetArchiveStatus(ctx context.Context, corpID, status, lastErr string, caughtUp bool) error {
	now := s.nowMS()
	var errAt, upAt int64
	if lastErr != "" {
		errAt = now
	}
	if caughtUp {
		upAt = now
	}
	_, err := s.exec(ctx, `INSERT INTO archive_cursors (corp_id, seq, status, last_error, last_error_at, last_pull_at, last_caught_up_at, updated_at)
		VALUES (?, 0, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (corp_id) DO UPDATE SET status = excluded.status, last_pull_at = excluded.last_pull_at,
			last_error = CASE WHEN excluded.last_error_at > 0 THEN excluded.last_error ELSE archive_cursors.last_error END,
			last_error_at = CASE WHEN excluded.last_error_at > 0 THEN excluded.last_error_at ELSE archive_cursors.last_error_at END,
			last_caught_up_at = CASE WHEN excluded.last_caught_up_at > 0 THEN excluded.last_caught_up_at ELSE archive_cursors.last_caught_up_at END,
			updated_at = excluded.updated_at`,
		corpID, status, lastErr, errAt, now, upAt, now)
	if err != nil {
		return fmt.Errorf("store: archive status %s: %w", corpID, err)
	}
	return nil
}

// QuarantinedRecord is an archive record that could not be decrypted or parsed.
type QuarantinedRecord struct {
	CorpID       string
	Seq          int64
	MsgID        string
	PublicKeyVer int
	Reason       string // bad_base64, key_version_missing, rsa_decrypt, decrypt, bad_json, no_msgid
	Detail       string
	Record       string // the encrypted record as JSON
	CreatedAt    int64
}

// QuarantineRecord keeps a bad record by (corp_id, seq); a repeat is a no-op.
func (s *Store) QuarantineRecord(ctx context.Context, q QuarantinedRecord) error {
	if q.Record == "" {
		q.Record = "{}"
	}
	_, err := s.exec(ctx, `INSERT INTO archive_quarantine (corp_id, seq, msgid, publickey_ver, reason, detail, record, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (corp_id, seq) DO NOTHING`,
		q.CorpID, q.Seq, q.MsgID, q.PublicKeyVer, q.Reason, q.Detail, q.Record, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: quarantine seq %d: %w", q.Seq, err)
	}
	return nil
}

// QuarantinedRecords lists a corp's quarantined records by seq.
func (s *Store) QuarantinedRecords(ctx context.Context, corpID string) ([]QuarantinedRecord, error) {
	rows, err := s.query(ctx, `SELECT corp_id, seq, msgid, publickey_ver, reason, detail, record, created_at
		FROM archive_quarantine WHERE corp_id = ? AND resolved_at = 0 ORDER BY seq`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: list quarantine: %w", err)
	}
	defer rows.Close()
	var out []QuarantinedRecord
	for rows.Next() {
		var q QuarantinedRecord
		if err := rows.Scan(&q.CorpID, &q.Seq, &q.MsgID, &q.PublicKeyVer, &q.Reason, &q.Detail, &q.Record, &q.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: scan quarantine: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// Conversation is one 1:1 or group conversation.
type Conversation struct {
	CorpID         string
	ConversationID string
	Kind           string // single or group
	RoomID         string
	Participants   []string
	FirstMsgTime   int64
	LastMsgTime    int64
	MessageCount   int64
	Consent        string
}

// TouchConversation creates or extends a conversation with count new
// messages; participants are merged (a group's members change).
func (s *Store) TouchConversation(ctx context.Context, c Conversation) error {
	var cur string
	err := s.queryRow(ctx, `SELECT participants FROM conversations WHERE corp_id = ? AND conversation_id = ?`,
		c.CorpID, c.ConversationID).Scan(&cur)
	if err != nil && !isNotFound(notFound(err, "")) {
		return fmt.Errorf("store: conversation %s: %w", c.ConversationID, err)
	}
	var have []string
	_ = json.Unmarshal([]byte(cur), &have)
	merged := append(have, c.Participants...)
	slices.Sort(merged)
	merged = slices.Compact(merged)
	pj, _ := json.Marshal(merged)
	_, err = s.exec(ctx, `INSERT INTO conversations (corp_id, conversation_id, kind, roomid, participants, first_msgtime,
			last_msgtime, message_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (corp_id, conversation_id) DO UPDATE SET participants = excluded.participants,
			first_msgtime = CASE WHEN excluded.first_msgtime < conversations.first_msgtime THEN excluded.first_msgtime ELSE conversations.first_msgtime END,
			last_msgtime = CASE WHEN excluded.last_msgtime > conversations.last_msgtime THEN excluded.last_msgtime ELSE conversations.last_msgtime END,
			message_count = conversations.message_count + excluded.message_count, updated_at = excluded.updated_at`,
		c.CorpID, c.ConversationID, c.Kind, c.RoomID, string(pj), c.FirstMsgTime, c.LastMsgTime, c.MessageCount, s.nowMS())
	if err != nil {
		return fmt.Errorf("store: touch conversation %s: %w", c.ConversationID, err)
	}
	return nil
}

// Conversations lists a corp's conversations, newest first.
func (s *Store) Conversations(ctx context.Context, corpID string) ([]Conversation, error) {
	rows, err := s.readQuery(ctx, `SELECT corp_id, conversation_id, kind, roomid, participants, first_msgtime, last_msgtime,
		message_count, consent FROM conversations WHERE corp_id = ? ORDER BY last_msgtime DESC, conversation_id`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: list conversations: %w", err)
	}
	defer rows.Close()
	var out []Conversation
	for rows.Next() {
		var c Conversation
		var pj string
		if err := rows.Scan(&c.CorpID, &c.ConversationID, &c.Kind, &c.RoomID, &pj, &c.FirstMsgTime, &c.LastMsgTime,
			&c.MessageCount, &c.Consent); err != nil {
			return nil, fmt.Errorf("store: scan conversation: %w", err)
		}
		_ = json.Unmarshal([]byte(pj), &c.Participants)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ResolveQuarantined marks a quarantined record as dealt with (its message
// was stored after a retry); the row stays for the record.
func (s *Store) ResolveQuarantined(ctx context.Context, corpID string, seq int64) error {
	_, err := s.exec(ctx, `UPDATE archive_quarantine SET resolved_at = ? WHERE corp_id = ? AND seq = ?`, s.nowMS(), corpID, seq)
	if err != nil {
		return fmt.Errorf("store: resolve quarantine seq %d: %w", seq, err)
	}
	return nil
}

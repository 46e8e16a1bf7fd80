package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// The lake export reads each table in windows (from, to] of its watermark
// column, a keyset page at a time, ordered so that rows of one day come
// together (one open file at a time).

// LakeTombstone is a message deleted by retention, kept so the lake can
// delete it too.
type LakeTombstone struct {
	ID        int64
	CorpID    string
	MsgID     string
	MessageID int64
	MsgTime   int64
	Reason    string
	DeletedAt int64
}

// LakeConversation is a conversation with the time it last changed.
type LakeConversation struct {
	Conversation
	UpdatedAt int64
}

// lakeBounds are the watermark columns of each exported table.
var lakeBounds = map[string]string{
	"messages": `SELECT COALESCE(MAX(id), 0) FROM messages WHERE corp_id = ?`,
	// The lake's own entries do not make a run: they go with the next one.
	"audit":         `SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE corp_id = ? AND action NOT LIKE 'lake.%'`,
	"tombstones":    `SELECT COALESCE(MAX(id), 0) FROM lake_tombstones WHERE corp_id = ?`,
	"conversations": `SELECT COALESCE(MAX(updated_at), 0) FROM conversations WHERE corp_id = ?`,
	"employees":     `SELECT COALESCE(MAX(updated_at), 0) FROM employees WHERE corp_id = ?`,
	"contacts":      `SELECT COALESCE(MAX(updated_at), 0) FROM external_contacts WHERE corp_id = ?`,
	"relations":     `SELECT COALESCE(MAX(updated_at), 0) FROM follow_relations WHERE corp_id = ?`,
	"media":         `SELECT COALESCE(MAX(updated_at), 0) FROM media WHERE corp_id = ?`,
	"alerts":        `SELECT COALESCE(MAX(updated_at), 0) FROM monitor_alerts WHERE corp_id = ?`,
}

// LakeBound is the current high end of a table's watermark column.
func (s *Store) LakeBound(ctx context.Context, corpID, table string) (int64, error) {
	q, ok := lakeBounds[table]
	if !ok {
		return 0, fmt.Errorf("store: lake bound: unknown table %q", table)
	}
	var v int64
	if err := s.queryRow(ctx, q, corpID).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: lake bound %s: %w", table, err)
	}
	return v, nil
}

// LakeMessages returns a page of messages with from < id <= to, ordered by
// (msgtime, id), after the keyset (afterTime, afterID).
func (s *Store) LakeMessages(ctx context.Context, corpID string, from, to, afterTime, afterID int64, limit int) ([]Message, error) {
	// The row-value keyset walks the (corp_id, msgtime) index (whose
	// entries end with the rowid) without sorting; an OR here made every
	// page re-scan and sort the window.
	rows, err := s.query(ctx, `SELECT `+messageCols+` FROM messages WHERE corp_id = ? AND (msgtime, id) > (?, ?)
		AND id > ? AND id <= ? ORDER BY msgtime, id LIMIT ?`,
		corpID, afterTime, afterID, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lake messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: lake messages: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LakeFirstMsgTime is the earliest msgtime of the messages with from < id
// <= to (a rowid range), where the keyset walk of the window starts.
func (s *Store) LakeFirstMsgTime(ctx context.Context, corpID string, from, to int64) (int64, error) {
	var v sql.NullInt64
	if err := s.queryRow(ctx, `SELECT MIN(msgtime) FROM messages WHERE id > ? AND id <= ? AND corp_id = ?`, from, to, corpID).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: lake first msgtime: %w", err)
	}
	return v.Int64, nil
}

// LakeMediaOf returns the media rows of the given messages.
func (s *Store) LakeMediaOf(ctx context.Context, corpID string, msgids []string) ([]Media, error) {
	if len(msgids) == 0 {
		return nil, nil
	}
	in, args := inList(corpID, msgids)
	return s.lakeMedia(ctx, `SELECT `+mediaCols+` FROM media md WHERE md.corp_id = ? AND md.msgid IN (`+in+`) ORDER BY md.id`, args...)
}

// LakeMedia returns a page of media rows changed in (from, to], ordered by
// (updated_at, id).
func (s *Store) LakeMedia(ctx context.Context, corpID string, from, to, afterTime, afterID int64, limit int) ([]Media, error) {
	return s.lakeMedia(ctx, `SELECT `+mediaCols+` FROM media md WHERE md.corp_id = ? AND md.updated_at > ? AND md.updated_at <= ?
		AND (md.updated_at > ? OR (md.updated_at = ? AND md.id > ?)) ORDER BY md.updated_at, md.id LIMIT ?`,
		corpID, from, to, afterTime, afterTime, afterID, limit)
}

func (s *Store) lakeMedia(ctx context.Context, q string, args ...any) ([]Media, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: lake media: %w", err)
	}
	defer rows.Close()
	var out []Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, fmt.Errorf("store: lake media: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// LakeTranscripts returns the newest transcript of each media id that has one.
func (s *Store) LakeTranscripts(ctx context.Context, mediaIDs []int64) (map[int64]Transcript, error) {
	out := map[int64]Transcript{}
	if len(mediaIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(mediaIDs))
	for i, id := range mediaIDs {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT id, media_id, corp_id, engine, language, confidence, text, created_at
		FROM media_transcripts WHERE media_id IN (`+qmarks(len(args))+`) ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: lake transcripts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Transcript
		if err := rows.Scan(&t.ID, &t.MediaID, &t.CorpID, &t.Engine, &t.Language, &t.Confidence, &t.Text, &t.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: lake transcripts: %w", err)
		}
		out[t.MediaID] = t // later rows win: the newest
	}
	return out, rows.Err()
}

const lakeConvCols = `corp_id, conversation_id, kind, roomid, participants, first_msgtime, last_msgtime, message_count, consent, updated_at`

func (s *Store) lakeConversations(ctx context.Context, q string, args ...any) ([]LakeConversation, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: lake conversations: %w", err)
	}
	defer rows.Close()
	var out []LakeConversation
	for rows.Next() {
		var c LakeConversation
		var pj string
		if err := rows.Scan(&c.CorpID, &c.ConversationID, &c.Kind, &c.RoomID, &pj, &c.FirstMsgTime, &c.LastMsgTime,
			&c.MessageCount, &c.Consent, &c.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: lake conversations: %w", err)
		}
		_ = json.Unmarshal([]byte(pj), &c.Participants)
		out = append(out, c)
	}
	return out, rows.Err()
}

// LakeConversationsOf returns the named conversations of a corp.
func (s *Store) LakeConversationsOf(ctx context.Context, corpID string, ids []string) (map[string]LakeConversation, error) {
	out := map[string]LakeConversation{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(corpID, ids)
	cs, err := s.lakeConversations(ctx, `SELECT `+lakeConvCols+` FROM conversations WHERE corp_id = ? AND conversation_id IN (`+in+`)`, args...)
	for _, c := range cs {
		out[c.ConversationID] = c
	}
	return out, err
}

// LakeConversations returns a page of conversations changed in (from, to].
func (s *Store) LakeConversations(ctx context.Context, corpID string, from, to, afterTime int64, afterKey string, limit int) ([]LakeConversation, error) {
	return s.lakeConversations(ctx, `SELECT `+lakeConvCols+` FROM conversations WHERE corp_id = ? AND updated_at > ? AND updated_at <= ?
		AND (updated_at > ? OR (updated_at = ? AND conversation_id > ?)) ORDER BY updated_at, conversation_id LIMIT ?`,
		corpID, from, to, afterTime, afterTime, afterKey, limit)
}

// LakeEmployees returns a page of employees changed in (from, to].
func (s *Store) LakeEmployees(ctx context.Context, corpID string, from, to, afterTime, afterID int64, limit int) ([]Employee, error) {
	return s.listEmployees(ctx, `SELECT `+employeeCols+` FROM employees WHERE corp_id = ? AND updated_at > ? AND updated_at <= ?
		AND (updated_at > ? OR (updated_at = ? AND id > ?)) ORDER BY updated_at, id LIMIT ?`,
		corpID, from, to, afterTime, afterTime, afterID, limit)
}

// LakeContacts returns a page of external contacts changed in (from, to].
func (s *Store) LakeContacts(ctx context.Context, corpID string, from, to, afterTime int64, afterKey string, limit int) ([]ExternalContact, error) {
	rows, err := s.query(ctx, `SELECT corp_id, external_userid, name, contact_type, unionid, corp_name, corp_full_name, position,
		gender, avatar, raw, created_at, updated_at FROM external_contacts WHERE corp_id = ? AND updated_at > ? AND updated_at <= ?
		AND (updated_at > ? OR (updated_at = ? AND external_userid > ?)) ORDER BY updated_at, external_userid LIMIT ?`,
		corpID, from, to, afterTime, afterTime, afterKey, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lake contacts: %w", err)
	}
	defer rows.Close()
	var out []ExternalContact
	for rows.Next() {
		var c ExternalContact
		var union sql.NullString
		if err := rows.Scan(&c.CorpID, &c.ExternalUserID, &c.Name, &c.ContactType, &union, &c.CorpName, &c.CorpFullName,
			&c.Position, &c.Gender, &c.Avatar, &c.Raw, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: lake contacts: %w", err)
		}
		c.Unionid = union.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// LakeRelations returns a page of follow relations changed in (from, to].
func (s *Store) LakeRelations(ctx context.Context, corpID string, from, to, afterTime, afterID int64, limit int) ([]FollowRelation, error) {
	rows, err := s.query(ctx, `SELECT `+relCols+relFrom+` WHERE r.corp_id = ? AND r.updated_at > ? AND r.updated_at <= ?
		AND (r.updated_at > ? OR (r.updated_at = ? AND r.id > ?)) ORDER BY r.updated_at, r.id LIMIT ?`,
		corpID, from, to, afterTime, afterTime, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lake relations: %w", err)
	}
	defer rows.Close()
	var out []FollowRelation
	for rows.Next() {
		r, err := scanRel(rows)
		if err != nil {
			return nil, fmt.Errorf("store: lake relations: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LakeAudit returns a page of a corp's audit events with from < id <= to.
func (s *Store) LakeAudit(ctx context.Context, corpID string, after, to int64, limit int) ([]AuditEvent, error) {
	return s.auditRows(ctx, `SELECT `+auditCols+` FROM audit_events WHERE corp_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?`,
		corpID, after, to, limit)
}

// LakeTombstones returns a page of a corp's tombstones with after < id <= to.
func (s *Store) LakeTombstones(ctx context.Context, corpID string, after, to int64, limit int) ([]LakeTombstone, error) {
	rows, err := s.query(ctx, `SELECT id, corp_id, msgid, message_id, msgtime, reason, deleted_at FROM lake_tombstones
		WHERE corp_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?`, corpID, after, to, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lake tombstones: %w", err)
	}
	defer rows.Close()
	var out []LakeTombstone
	for rows.Next() {
		var t LakeTombstone
		if err := rows.Scan(&t.ID, &t.CorpID, &t.MsgID, &t.MessageID, &t.MsgTime, &t.Reason, &t.DeletedAt); err != nil {
			return nil, fmt.Errorf("store: lake tombstones: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// addTombstones records the messages about to be deleted (in the delete's tx).
func (s *Store) addTombstones(ctx context.Context, reason string, n int, spanArgs []any) error {
	_, err := s.exec(ctx, `INSERT INTO lake_tombstones (corp_id, msgid, message_id, msgtime, reason, deleted_at)
		SELECT corp_id, msgid, id, msgtime, ?, ? FROM messages WHERE id IN (`+qmarks(n)+`) AND msgtime >= ? AND msgtime <= ? ORDER BY id`,
		append([]any{reason, s.nowMS()}, spanArgs...)...)
	if err != nil {
		return fmt.Errorf("store: tombstones: %w", err)
	}
	return nil
}

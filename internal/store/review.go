package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// ListMessages pages messages matching f (no full-text query): newest
// first (desc) or oldest first from f.AfterID (asc). Thread views and
// exports use it.
func (s *Store) ListMessages(ctx context.Context, f MessageFilter, afterID int64, asc bool, limit int) ([]Message, error) {
	if err := s.lineage(ctx, &f); err != nil {
		return nil, err
	}
	w, args := s.messageWhere(f)
	order := "DESC"
	if asc {
		order = "ASC"
	}
	if afterID > 0 {
		w += " AND m.id > ?"
		args = append(args, afterID)
	}
	rows, err := s.readQuery(ctx, "SELECT m."+strings.ReplaceAll(messageCols, ", ", ", m.")+" FROM messages m WHERE "+w+
		" ORDER BY m.id "+order+" LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: list messages: %w", err)
	}
	return collectMessages(rows)
}

// CountMessagesUpTo counts the messages f selects, exactly up to bound; past
// it, n is bound+1 and exact is false (a filter-only search shows "more
// than N" rather than walking a whole corp).
func (s *Store) CountMessagesUpTo(ctx context.Context, f MessageFilter, bound int) (n int, exact bool, err error) {
	if err := s.lineage(ctx, &f); err != nil {
		return 0, false, err
	}
	w, args := s.messageWhere(f)
	err = s.readQueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE "+w+" LIMIT ?) x", append(args, bound+1)...).Scan(&n)
	if err != nil {
		return 0, false, fmt.Errorf("store: count messages: %w", err)
	}
	return n, n <= bound, nil
}

// Recalls maps original msgid → the revoke message that recalled it, for
// the given msgids.
func (s *Store) Recalls(ctx context.Context, corpID string, msgids []string) (map[string]Message, error) {
	out := map[string]Message{}
	if len(msgids) == 0 {
		return out, nil
	}
	args := []any{corpID}
	for _, id := range msgids {
		args = append(args, id)
	}
	rows, err := s.readQuery(ctx, `SELECT `+messageCols+` FROM messages WHERE corp_id = ? AND msgtype = 'revoke' AND pre_msgid IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(msgids)), ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: recalls: %w", err)
	}
	ms, err := collectMessages(rows)
	for _, m := range ms {
		out[m.PreMsgID] = m
	}
	return out, err
}

// MediaRef is a message's media file as reviewers see it.
type MediaRef struct {
	ID         int64  `json:"id"`
	MsgID      string `json:"msgid"`
	Kind       string `json:"kind"`
	FileName   string `json:"filename"`
	State      string `json:"state"`
	SHA256     string `json:"sha256"`
	ScanResult string `json:"scan_result"`
	Size       int64  `json:"size"`
	// What the thread view needs to pick a player, a thumbnail or a
	// blocked-download reason without one request per file.
	DurationMS  int64  `json:"duration_ms"`
	Quarantined bool   `json:"quarantined"`
	Playable    bool   `json:"playable"`
	Thumbnail   bool   `json:"thumbnail"`
	ContentType string `json:"content_type"`
	// Serve is whether the file is served and, if not, why (media's scan
	// gate; set by the conversation views, empty here).
	Serve   string `json:"serve,omitempty"`
	BlobKey string `json:"-"`
}

// MediaRefs returns the media rows of the given messages.
func (s *Store) MediaRefs(ctx context.Context, corpID string, msgids []string) (map[string][]MediaRef, error) {
	out := map[string][]MediaRef{}
	if len(msgids) == 0 {
		return out, nil
	}
	args := []any{corpID}
	for _, id := range msgids {
		args = append(args, id)
	}
	rows, err := s.readQuery(ctx, `SELECT id, msgid, kind, filename, state, sha256, scan_result, size, blob_key,
		duration_ms, quarantined, playable_key <> '', thumb_key <> '', content_type FROM media WHERE corp_id = ? AND msgid IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(msgids)), ",")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media refs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m MediaRef
		var quarantined int
		if err := rows.Scan(&m.ID, &m.MsgID, &m.Kind, &m.FileName, &m.State, &m.SHA256, &m.ScanResult, &m.Size, &m.BlobKey,
			&m.DurationMS, &quarantined, &m.Playable, &m.Thumbnail, &m.ContentType); err != nil {
			return nil, fmt.Errorf("store: media refs: %w", err)
		}
		m.Quarantined = quarantined != 0
		out[m.MsgID] = append(out[m.MsgID], m)
	}
	return out, rows.Err()
}

// ConversationFilter selects conversations for the review lists.
type ConversationFilter struct {
	CorpID, Employee, Contact, RoomID, Kind string
	Scope                                   DeptScope
	// Cursor: conversations strictly after (BeforeTime, BeforeID) in
	// (last_msgtime desc, conversation_id desc) order.
	BeforeTime int64
	BeforeID   string
}

// ConversationSummary is a list row: the conversation and its last message.
type ConversationSummary struct {
	Conversation
	LastFrom, LastType, LastContent string
}

// ListConversationSummaries lists conversations newest first, scoped to
// conversations with an employee inside f.Scope.
func (s *Store) ListConversationSummaries(ctx context.Context, f ConversationFilter, limit int) ([]ConversationSummary, error) {
	conds := []string{"c.corp_id = ?"}
	args := []any{f.CorpID}
	for _, p := range []string{f.Employee, f.Contact} {
		if p != "" {
			conds, args = append(conds, s.contains("c.participants", "?")), append(args, `"`+p+`"`)
		}
	}
	if f.RoomID != "" {
		conds, args = append(conds, "c.roomid = ?"), append(args, f.RoomID)
	}
	if f.Kind != "" {
		conds, args = append(conds, "c.kind = ?"), append(args, f.Kind)
	}
	if !f.Scope.All {
		w, a := f.Scope.Where("e.department_path")
		conds = append(conds, `EXISTS (SELECT 1 FROM employees e WHERE e.corp_id = c.corp_id AND `+
			s.contains("c.participants", `'"' || e.userid || '"'`)+` AND `+w+`)`)
		args = append(args, a...)
	}
	if f.BeforeTime > 0 {
		conds = append(conds, "(c.last_msgtime < ? OR (c.last_msgtime = ? AND c.conversation_id < ?))")
		args = append(args, f.BeforeTime, f.BeforeTime, f.BeforeID)
	}
	// The preview is the newest message the caller may read, by the same
	// rule as the thread: sent or received by an employee in scope.
	inScope, scopeArgs := "", []any(nil)
	if !f.Scope.All {
		c, a := s.employeeIn(f.Scope, nil)
		inScope, scopeArgs = " AND "+c, a
	}
	last := func(col string) string {
		return `COALESCE((SELECT m.` + col + ` FROM messages m WHERE m.corp_id = c.corp_id AND m.conversation_id = c.conversation_id` +
			inScope + ` ORDER BY m.msgtime DESC, m.id DESC LIMIT 1), '')`
	}
	all := make([]any, 0, 3*len(scopeArgs)+len(args)+1)
	for range 3 {
		all = append(all, scopeArgs...)
	}
	all = append(append(all, args...), limit)
	rows, err := s.readQuery(ctx, `SELECT c.corp_id, c.conversation_id, c.kind, c.roomid, c.participants, c.first_msgtime,
		c.last_msgtime, c.message_count, c.consent, `+last("from_id")+`, `+last("msgtype")+`, `+last("content")+`
		FROM conversations c WHERE `+strings.Join(conds, " AND ")+`
		ORDER BY c.last_msgtime DESC, c.conversation_id DESC LIMIT ?`, all...)
	if err != nil {
		return nil, fmt.Errorf("store: list conversations: %w", err)
	}
	defer rows.Close()
	var out []ConversationSummary
	for rows.Next() {
		var c ConversationSummary
		var pj string
		if err := rows.Scan(&c.CorpID, &c.ConversationID, &c.Kind, &c.RoomID, &pj, &c.FirstMsgTime, &c.LastMsgTime,
			&c.MessageCount, &c.Consent, &c.LastFrom, &c.LastType, &c.LastContent); err != nil {
			return nil, fmt.Errorf("store: scan conversation: %w", err)
		}
		_ = json.Unmarshal([]byte(pj), &c.Participants)
		out = append(out, c)
	}
	return out, rows.Err()
}

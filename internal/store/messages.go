package store

import (
	"context"
	"database/sql"
	"fmt"

	"wecomadmin/internal/textindex"
)

// Message is one archived message row: parsed columns beside the raw
// decrypted JSON.
type Message struct {
	ID             int64
	CorpID         string
	MsgID          string
	Seq            int64
	PublicKeyVer   int
	Action         string
	MsgType        string
	From           string
	ToList         string // JSON array
	RoomID         string
	ConversationID string
	MsgTime        int64
	Content        string // searchable text
	PreMsgID       string
	HasMedia       int    // number of media files referenced (nested included)
	ParseStatus    string // ok, unknown (type not in the registry), partial (body did not parse)
	Raw            string
	Meta           string // typed body fields by msgtype, JSON
	CreatedAt      int64
}

// InsertMessage stores m unless (corp_id, msgid) is already there; it
// reports whether a row was written, so a re-pulled page is a no-op. The
// full-text index is updated in the same statement (PostgreSQL) or the same
// transaction (SQLite).
func (s *Store) InsertMessage(ctx context.Context, m Message) (bool, error) {
	doc := textindex.Tokenize(m.Content)
	doc.P = parties(m.From, m.ToList, m.RoomID)
	id, err := s.insertMessageRow(ctx, m, &doc)
	if err != nil || id == 0 || s.dialect != SQLite {
		return id != 0, err
	}
	if err := s.insertFTS(ctx, id, doc); err != nil {
		return false, fmt.Errorf("store: index message %s: %w", m.MsgID, err)
	}
	return true, nil
}

// insertMessageRow writes the row (with its tsvector on PostgreSQL when doc
// is set) and returns its id (-1 on PostgreSQL), 0 when the message was
// already stored.
func (s *Store) insertMessageRow(ctx context.Context, m Message, doc *textindex.Doc) (int64, error) {
	if m.ToList == "" {
		m.ToList = "[]"
	}
	if m.Meta == "" {
		m.Meta = "{}"
	}
	if m.ParseStatus == "" {
		m.ParseStatus = "ok"
	}
	cols := `corp_id, msgid, seq, publickey_ver, action, msgtype, from_id, tolist,
			roomid, conversation_id, msgtime, content, pre_msgid, has_media, parse_status, raw, meta, created_at`
	vals := `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`
	args := []any{m.CorpID, m.MsgID, m.Seq, m.PublicKeyVer, m.Action, m.MsgType, m.From, m.ToList, m.RoomID, m.ConversationID,
		m.MsgTime, m.Content, m.PreMsgID, m.HasMedia, m.ParseStatus, m.Raw, m.Meta, s.nowMS()}
	if s.dialect == Postgres && doc != nil {
		// The search index rides in the same row (GIN on messages.search).
		cols += ", search"
		vals += ", ?::tsvector"
		args = append(args, doc.TSVector())
	}
	// Exec, not RETURNING: RETURNING makes SQLite run the insert as a
	// multi-write statement, costing more than the insert itself.
	// No conflict target: the de-duplication key is (corp_id, msgid) on
	// SQLite and on an unpartitioned PostgreSQL table, (corp_id, msgid,
	// msgtime) on a partitioned one (00100; a redelivery keeps its msgtime).
	q := `INSERT INTO messages (` + cols + `) VALUES (` + vals + `) ON CONFLICT DO NOTHING`
	var res sql.Result
	p, err := s.stmt(ctx, q)
	if err == nil && p != nil {
		res, err = p.ExecContext(ctx, args...)
	} else if err == nil {
		res, err = s.exec(ctx, q, args...)
	}
	if err != nil {
		return 0, fmt.Errorf("store: insert message %s: %w", m.MsgID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, wrapErr(err, "store: insert message "+m.MsgID)
	}
	if s.dialect == Postgres {
		return -1, nil // stored; PostgreSQL's index rides in the row, so no caller needs the id
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: insert message %s: %w", m.MsgID, err)
	}
	return id, nil
}

const messageCols = `id, corp_id, msgid, seq, publickey_ver, action, msgtype, from_id, tolist, roomid, conversation_id,
	msgtime, content, pre_msgid, has_media, parse_status, raw, meta, created_at`

func scanMessage(sc interface{ Scan(...any) error }) (Message, error) {
	var m Message
	err := sc.Scan(&m.ID, &m.CorpID, &m.MsgID, &m.Seq, &m.PublicKeyVer, &m.Action, &m.MsgType, &m.From, &m.ToList,
		&m.RoomID, &m.ConversationID, &m.MsgTime, &m.Content, &m.PreMsgID, &m.HasMedia, &m.ParseStatus, &m.Raw, &m.Meta, &m.CreatedAt)
	return m, err
}

// MessageByMsgID returns one message.
func (s *Store) MessageByMsgID(ctx context.Context, corpID, msgid string) (Message, error) {
	m, err := scanMessage(s.queryRow(ctx, `SELECT `+messageCols+` FROM messages WHERE corp_id = ? AND msgid = ?`, corpID, msgid))
	if err != nil {
		return Message{}, notFound(err, "message "+msgid)
	}
	return m, nil
}

// MessagesAfterSeq returns up to limit messages of a corp with seq > after,
// in seq order (tests, re-parsing, exports walk the archive with it).
func (s *Store) MessagesAfterSeq(ctx context.Context, corpID string, after int64, limit int) ([]Message, error) {
	rows, err := s.query(ctx, `SELECT `+messageCols+` FROM messages WHERE corp_id = ? AND seq > ? ORDER BY seq, id LIMIT ?`,
		corpID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan message: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MessageCountsByType returns a corp's message counts by msgtype (switch
// events count under "switch").
func (s *Store) MessageCountsByType(ctx context.Context, corpID string) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT CASE WHEN msgtype = '' THEN action ELSE msgtype END, COUNT(*) FROM messages
		WHERE corp_id = ? GROUP BY 1`, corpID)
	if err != nil {
		return nil, fmt.Errorf("store: count messages: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var t string
		var n int64
		if err := rows.Scan(&t, &n); err != nil {
			return nil, fmt.Errorf("store: count messages: %w", err)
		}
		out[t] = n
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"fmt"

	"wecomadmin/internal/textindex"
)

// InsertMessages stores a page of messages with their index entries in one
// transaction (the caller's, if ctx has one), skipping any already stored,
// and reports how many it wrote. On SQLite it is InsertMessage in a loop
// (prepared once, indexed by one statement at commit); on PostgreSQL the
// page travels as column arrays in a single INSERT, which saves a round
// trip per message: archive pages, imports and benchmark loads use it.
func (s *Store) InsertMessages(ctx context.Context, msgs []Message) (int, error) {
	n := 0
	err := s.WithTx(ctx, func(ctx context.Context) error {
		if s.dialect == Postgres {
			var err error
			n, err = s.insertMessagesPG(ctx, msgs)
			return err
		}
		for _, m := range msgs {
			ok, err := s.InsertMessage(ctx, m)
			if err != nil {
				return err
			}
			n += boolInt(ok)
		}
		return nil
	})
	return n, err
}

func (s *Store) insertMessagesPG(ctx context.Context, msgs []Message) (int, error) {
	var (
		corp, msgid, action, msgtype, from, tolist, room, conv, content, pre, status, raw, meta, search []string
		seq, msgtime, created                                                                           []int64
		keyver, media                                                                                   []int32
	)
	now := s.nowMS()
	for _, m := range msgs {
		corp, msgid, seq = append(corp, m.CorpID), append(msgid, m.MsgID), append(seq, m.Seq)
		keyver, action, msgtype = append(keyver, int32(m.PublicKeyVer)), append(action, m.Action), append(msgtype, m.MsgType)
		from, tolist, room = append(from, m.From), append(tolist, or(m.ToList, "[]")), append(room, m.RoomID)
		conv, msgtime, content = append(conv, m.ConversationID), append(msgtime, m.MsgTime), append(content, m.Content)
		pre, media, status = append(pre, m.PreMsgID), append(media, int32(m.HasMedia)), append(status, or(m.ParseStatus, "ok"))
		raw, meta, created = append(raw, m.Raw), append(meta, or(m.Meta, "{}")), append(created, now)
		search = append(search, SearchVector(m))
	}
	res, err := s.exec(ctx, `INSERT INTO messages (corp_id, msgid, seq, publickey_ver, action, msgtype, from_id, tolist,
			roomid, conversation_id, msgtime, content, pre_msgid, has_media, parse_status, raw, meta, created_at, search)
		SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19::tsvector
		FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])
			WITH ORDINALITY AS u(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, ord)
		ORDER BY ord
		ON CONFLICT DO NOTHING`, // the de-duplication key: see insertMessageRow

		corp, msgid, seq, keyver, action, msgtype, from, tolist, room, conv, msgtime, content, pre, media, status, raw, meta, created, search)
	if err != nil {
		return 0, fmt.Errorf("store: insert messages: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: insert messages: %w", err)
	}
	return int(n), nil
}

// SearchVector is the PostgreSQL tsvector literal a message is indexed
// with (its text and its parties). Bulk loaders that bypass InsertMessages
// (the search benchmark's COPY) use it, so their rows search alike.
func SearchVector(m Message) string {
	doc := textindex.Tokenize(m.Content)
	doc.P = parties(m.From, m.ToList, m.RoomID)
	return doc.TSVector()
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"wecomadmin/internal/textindex"
)

// parties lists a message's sender, recipients and room for the index.
func parties(from, tolist, room string) []string {
	to, ok := plainList(tolist)
	if !ok {
		_ = json.Unmarshal([]byte(tolist), &to) // a malformed list indexes no recipients; the SQL filter still decides
	}
	out := make([]string, 0, len(to)+2)
	if from != "" {
		out = append(out, from)
	}
	out = append(out, to...)
	if room != "" {
		out = append(out, room)
	}
	return out
}

func (s *Store) insertFTS(ctx context.Context, id int64, doc textindex.Doc) error {
	t, g, p := doc.FTS5()
	return s.queueFTS(ctx, ftsRow{id: id, t: t, g: g, p: p})
}

// IndexMessageText re-indexes one message with its content plus extra text
// (a voice or call transcript), in the caller's transaction if any.
func (s *Store) IndexMessageText(ctx context.Context, corpID, msgid, extra string) error {
	m, err := s.MessageByMsgID(ctx, corpID, msgid)
	if err != nil {
		return err
	}
	return s.reindex(ctx, indexRow{id: m.ID, msgtime: m.MsgTime, text: m.Content + "\n" + extra, from: m.From, tolist: m.ToList, room: m.RoomID})
}

type indexRow struct {
	id, msgtime              int64
	text, from, tolist, room string
}

// reindexPG names the row by its whole primary key (id, msgtime): msgtime
// is the partition key, so PostgreSQL reads one month's partition instead
// of probing the primary key of every month.
const reindexPG = `UPDATE messages SET search = ?::tsvector WHERE id = ? AND msgtime = ?`

func (s *Store) reindex(ctx context.Context, r indexRow) error {
	doc := textindex.Tokenize(r.text)
	doc.P = parties(r.from, r.tolist, r.room)
	if s.dialect == Postgres {
		_, err := s.exec(ctx, reindexPG, doc.TSVector(), r.id, r.msgtime)
		return wrapErr(err, "store: reindex message")
	}
	if err := s.flushIndex(ctx); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `DELETE FROM message_fts WHERE rowid = ?`, r.id); err != nil {
		return fmt.Errorf("store: reindex message: %w", err)
	}
	return wrapErr(s.insertFTS(ctx, r.id, doc), "store: reindex message")
}

// ReindexAll rebuilds the index of up to batch messages with id > after, in
// one transaction, with their transcripts; it returns the last id done and
// how many it did (0 when there are no more).
func (s *Store) ReindexAll(ctx context.Context, after int64, batch int) (int64, int, error) {
	return s.reindexRange(ctx, after, 1<<62, batch, nil)
}

// reindexRange reindexes messages after < id <= upto; done, when set, runs
// in the same transaction with the last id (the backfill's checkpoint).
func (s *Store) reindexRange(ctx context.Context, after, upto int64, batch int, done func(ctx context.Context, last int64) error) (int64, int, error) {
	agg := "group_concat(t.text, ' ')"
	if s.dialect == Postgres {
		agg = "string_agg(t.text, ' ')"
	}
	var todo []indexRow
	err := s.WithTx(ctx, func(ctx context.Context) error {
		rows, err := s.query(ctx, `SELECT m.id, m.msgtime, m.content, m.from_id, m.tolist, m.roomid,
			COALESCE((SELECT `+agg+` FROM media_transcripts t JOIN media md ON md.id = t.media_id
				WHERE md.corp_id = m.corp_id AND md.msgid = m.msgid), '')
			FROM messages m WHERE m.id > ? AND m.id <= ? ORDER BY m.id LIMIT ?`, after, upto, batch)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r indexRow
			var extra string
			if err := rows.Scan(&r.id, &r.msgtime, &r.text, &r.from, &r.tolist, &r.room, &extra); err != nil {
				rows.Close()
				return err
			}
			if extra != "" {
				r.text += "\n" + extra
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range todo {
			if err := s.reindex(ctx, r); err != nil {
				return err
			}
			after = r.id
		}
		if done != nil && len(todo) > 0 {
			return done(ctx, after)
		}
		return nil
	})
	if err != nil {
		return after, 0, fmt.Errorf("store: reindex: %w", err)
	}
	return after, len(todo), nil
}

// SearchIndexSize reports the full-text index's bytes and the indexed
// text's bytes (SQLite needs the dbstat table, which the driver has).
func (s *Store) SearchIndexSize(ctx context.Context) (index, text int64, err error) {
	q1 := `SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'message_fts%'`
	q2 := `SELECT COALESCE(SUM(length(CAST(content AS BLOB))), 0) FROM messages`
	if s.dialect == Postgres {
		q1 = `SELECT pg_relation_size('messages_search') + COALESCE((SELECT SUM(pg_column_size(search)) FROM messages), 0)`
		q2 = `SELECT COALESCE(SUM(octet_length(content)), 0) FROM messages`
	}
	if err := s.queryRow(ctx, q1).Scan(&index); err != nil {
		return 0, 0, fmt.Errorf("store: index size: %w", err)
	}
	if err := s.queryRow(ctx, q2).Scan(&text); err != nil {
		return 0, 0, fmt.Errorf("store: text size: %w", err)
	}
	return index, text, nil
}

// plainList splits a JSON array of strings without escapes (["a","b"],
// every archived tolist) without encoding/json, which cost two thirds as much as
// tokenizing the message; it reports false for anything else.
func plainList(s string) ([]string, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' || strings.ContainsAny(s, `\ `) || !utf8.ValidString(s) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return nil, false
		}
	}
	body := s[1 : len(s)-1]
	if body == "" {
		return nil, true
	}
	out := make([]string, 0, strings.Count(body, ",")+1)
	for item := range strings.SplitSeq(body, ",") {
		if len(item) < 2 || item[0] != '"' || item[len(item)-1] != '"' || strings.Contains(item[1:len(item)-1], `"`) {
			return nil, false
		}
		out = append(out, item[1:len(item)-1])
	}
	return out, true
}

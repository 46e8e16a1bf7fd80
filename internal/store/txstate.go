package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// txState is what one transaction keeps beside its *sql.Tx: statements
// prepared once and reused for every row of an ingest page, and the SQLite
// full-text rows waiting to be written just before commit.
//
// Why the wait: every INSERT into messages keeps a statement journal
// (foreign keys may abort it), and opening one makes FTS5 flush its pending
// terms to a new segment. Indexing each message right after its row
// therefore wrote one tiny segment per message and spent most of the
// ingest merging them. Written together by one statement at the end of the
// transaction, a page of messages becomes one segment, still committed
// atomically with the messages it indexes.
type txState struct {
	stmts   map[string]*sql.Stmt
	pending []ftsRow
	bytes   int
}

type txStateKey struct{}

type ftsRow struct {
	id      int64
	t, g, p string
}

// flushAt bounds the memory a huge transaction holds for its index rows.
const flushAt = 16 << 20

func stateOf(ctx context.Context) *txState {
	st, _ := ctx.Value(txStateKey{}).(*txState)
	return st
}

// stmt returns query prepared once per transaction on SQLite (its driver
// does not cache statements, and parsing an 18-column INSERT costs more
// than running it); outside a transaction or on PostgreSQL (pgx caches
// statements itself) it returns nil and the caller runs the query as is.
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st := stateOf(ctx)
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	if st == nil || tx == nil || s.dialect != SQLite {
		return nil, nil
	}
	if p, ok := st.stmts[query]; ok {
		return p, nil
	}
	p, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if st.stmts == nil {
		st.stmts = map[string]*sql.Stmt{}
	}
	st.stmts[query] = p // closed by the transaction's end
	return p, nil
}

// queueFTS adds a message's index row: written by flushIndex before the
// transaction commits, or at once when there is no transaction.
func (s *Store) queueFTS(ctx context.Context, r ftsRow) error {
	st := stateOf(ctx)
	if st == nil {
		_, err := s.exec(ctx, `INSERT INTO message_fts (rowid, t, g, p) VALUES (?, ?, ?, ?)`, r.id, r.t, r.g, r.p)
		return err
	}
	st.pending = append(st.pending, r)
	st.bytes += len(r.t) + len(r.g) + len(r.p) + 24
	if st.bytes >= flushAt {
		return s.flushIndex(ctx)
	}
	return nil
}

// flushIndex writes the transaction's pending index rows with one
// statement. Anything that reads or changes message_fts inside a
// transaction calls it first, so the transaction sees its own rows.
func (s *Store) flushIndex(ctx context.Context) error {
	st := stateOf(ctx)
	if st == nil || len(st.pending) == 0 {
		return nil
	}
	buf := make([]byte, 0, st.bytes+16)
	buf = append(buf, '[')
	for i, r := range st.pending {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = strconv.AppendInt(buf, r.id, 10)
		buf = append(buf, ',')
		buf = appendJSONString(buf, r.t)
		buf = append(buf, ',')
		buf = appendJSONString(buf, r.g)
		buf = append(buf, ',')
		buf = appendJSONString(buf, r.p)
		buf = append(buf, ']')
	}
	buf = append(buf, ']')
	st.pending, st.bytes = st.pending[:0], 0
	_, err := s.exec(ctx, `INSERT INTO message_fts (rowid, t, g, p)
		SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`, string(buf))
	if err != nil {
		return fmt.Errorf("store: write search index: %w", err)
	}
	return nil
}

// appendJSONString quotes s for JSON. Index tokens are letters, digits and
// CJK joined by spaces, so the escapes are for safety, not the common path.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
			i++
		case c < 0x20:
			buf = append(buf, `\u00`...)
			buf = append(buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			i++
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				buf = append(buf, `\ufffd`...)
			} else {
				buf = append(buf, s[i:i+n]...)
			}
			i += n
		}
	}
	return append(buf, '"')
}

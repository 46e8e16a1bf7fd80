package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Online conversion of a messages table that held rows before 00100 into
// the partitioned shape, while the portal keeps running:
//
//  1. prepare: messages_partitioned is created beside messages (same
//     columns, the partitioned keys, every index, a partition per month the
//     old table spans, a default partition), with a state row and a trigger
//     on messages that notes every row updated or deleted meanwhile (search
//     reindex, retention) so the copy can redo it;
//  2. copy: rows go over in id batches, each batch and its state in one
//     transaction, so an interrupted run resumes where it stopped;
//  3. swap: one short transaction locks messages against writes (reads go
//     on), copies the last rows and the noted ones, moves the id sequence
//     on, and renames: messages becomes messages_unpartitioned (kept for
//     checking; drop it when satisfied) and messages_partitioned becomes
//     messages. Ingest waits for that transaction, then carries on.

// ConvertProgress is where a conversion stands.
type ConvertProgress struct {
	Phase  string `json:"phase"` // copy, swap, done; "partitioned" when there was nothing to convert
	After  int64  `json:"after_id"`
	Upto   int64  `json:"upto_id"` // the highest id when the copy started (it follows new rows)
	Copied int64  `json:"copied"`
	Total  int64  `json:"total"` // estimated rows of the old table
}

// ErrNotConvertible is returned on SQLite.
var ErrNotConvertible = errors.New("store: only PostgreSQL messages are partitioned")

// ConvertMessagesToPartitioned runs (or resumes) the conversion, calling
// progress after each batch; ctx cancelled between batches stops it
// cleanly, to be resumed by calling it again.
func (s *Store) ConvertMessagesToPartitioned(ctx context.Context, batch int, progress func(ConvertProgress)) (ConvertProgress, error) {
	if s.dialect != Postgres {
		return ConvertProgress{}, ErrNotConvertible
	}
	if batch <= 0 {
		batch = 10_000
	}
	if progress == nil {
		progress = func(ConvertProgress) {}
	}
	done, err := s.MessagesPartitioned(ctx)
	if err != nil || done {
		return ConvertProgress{Phase: "partitioned"}, err
	}
	p, err := s.prepareConversion(ctx)
	if err != nil {
		return p, err
	}
	progress(p)
	for {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		n, err := s.copyBatch(ctx, &p, batch)
		if err != nil {
			return p, err
		}
		progress(p)
		if n == 0 {
			break
		}
	}
	p.Phase = "swap"
	progress(p)
	if err := s.swapPartitioned(ctx, &p); err != nil {
		return p, err
	}
	if _, err := s.EnsureMessagePartitions(ctx, s.now(), PartitionsAhead); err != nil {
		return p, err
	}
	p.Phase = "done"
	progress(p)
	return p, nil
}

func (s *Store) prepareConversion(ctx context.Context) (ConvertProgress, error) {
	p := ConvertProgress{Phase: "copy"}
	err := s.WithTx(ctx, func(ctx context.Context) error {
		var exists bool
		if err := s.queryRow(ctx, `SELECT to_regclass('messages_partition_copy') IS NOT NULL`).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			if err := s.createConversionTarget(ctx); err != nil {
				return err
			}
		}
		return s.queryRow(ctx, `SELECT after_id, upto_id, copied FROM messages_partition_copy WHERE id = 1`).Scan(&p.After, &p.Upto, &p.Copied)
	})
	if err != nil {
		return p, fmt.Errorf("store: partition messages: prepare: %w", err)
	}
	_ = s.queryRow(ctx, `SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'messages'::regclass`).Scan(&p.Total)
	return p, nil
}

// createConversionTarget builds messages_partitioned and the state row, in
// the caller's transaction (a crash leaves nothing half made).
func (s *Store) createConversionTarget(ctx context.Context) error {
	var defs []string
	rows, err := s.query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename = 'messages' AND indexname <> 'messages_pkey' ORDER BY indexname`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		// Same index under a temporary name (renamed at the swap), on the new table.
		def = strings.Replace(def, "INDEX "+name+" ON ", "INDEX "+name+"_part ON ", 1)
		def = strings.Replace(def, " ON public.messages ", " ON messages_partitioned ", 1)
		def = strings.Replace(def, " ON messages ", " ON messages_partitioned ", 1)
		if strings.HasPrefix(def, "CREATE UNIQUE INDEX") {
			if strings.Contains(def, " WHERE ") {
				rows.Close()
				return fmt.Errorf("partial unique index %s cannot be partitioned", name)
			}
			def = strings.TrimSuffix(def, ")") + ", msgtime)"
		}
		defs = append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var upto int64
	if err := s.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM messages`).Scan(&upto); err != nil {
		return err
	}
	stmts := []string{
		`CREATE TABLE messages_partitioned (LIKE messages INCLUDING DEFAULTS INCLUDING IDENTITY) PARTITION BY RANGE (msgtime)`,
		`ALTER TABLE messages_partitioned ADD CONSTRAINT messages_partitioned_pkey PRIMARY KEY (id, msgtime)`,
		`ALTER TABLE messages_partitioned ADD CONSTRAINT messages_partitioned_corp_id_fkey FOREIGN KEY (corp_id) REFERENCES corps (corp_id)`,
	}
	stmts = append(stmts, defs...)
	stmts = append(stmts,
		`CREATE TABLE messages_partitioned_default PARTITION OF messages_partitioned DEFAULT`,
		`CREATE TABLE messages_partition_copy (id INTEGER PRIMARY KEY CHECK (id = 1), after_id BIGINT NOT NULL,
			upto_id BIGINT NOT NULL, copied BIGINT NOT NULL, started_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
		fmt.Sprintf(`INSERT INTO messages_partition_copy VALUES (1, 0, %d, 0, %d, %d)`, upto, s.nowMS(), s.nowMS()),
		// Rows changed after they were copied are noted and copied again.
		`CREATE TABLE messages_partition_dirty (id BIGINT PRIMARY KEY)`,
		`CREATE FUNCTION messages_partition_note() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO messages_partition_dirty VALUES (OLD.id) ON CONFLICT DO NOTHING;
			RETURN NULL;
		END $$`,
		`CREATE TRIGGER messages_partition_note AFTER UPDATE OR DELETE ON messages
			FOR EACH ROW EXECUTE FUNCTION messages_partition_note()`,
	)
	for _, q := range stmts {
		if _, err := s.exec(ctx, q); err != nil {
			return fmt.Errorf("%w (%s)", err, strings.SplitN(q, "\n", 2)[0])
		}
	}
	// A partition per month the old table spans (per corp: two index steps each).
	rows, err = s.query(ctx, `SELECT MIN(m.lo), MAX(m.hi) FROM corps c, LATERAL (
		SELECT (SELECT msgtime FROM messages WHERE corp_id = c.corp_id AND msgtime > 0 ORDER BY msgtime LIMIT 1) AS lo,
		       (SELECT msgtime FROM messages WHERE corp_id = c.corp_id ORDER BY msgtime DESC LIMIT 1) AS hi) m`)
	if err != nil {
		return err
	}
	var lo, hi *int64
	if rows.Next() {
		if err := rows.Scan(&lo, &hi); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: message time span: %w", err)
	}
	if lo == nil || hi == nil {
		return nil
	}
	for m := monthPartition(time.UnixMilli(*lo)); m.From <= *hi; m = monthPartition(time.UnixMilli(m.To)) {
		if _, err := s.exec(ctx, fmt.Sprintf(`CREATE TABLE %s PARTITION OF messages_partitioned FOR VALUES FROM (%d) TO (%d)`,
			m.Name, m.From, m.To)); err != nil {
			return err
		}
	}
	return nil
}

// copyBatch copies the next batch of ids, and the rows noted as changed,
// with the state, in one transaction. It returns the rows it moved.
func (s *Store) copyBatch(ctx context.Context, p *ConvertProgress, batch int) (int64, error) {
	var moved int64
	err := s.WithTx(ctx, func(ctx context.Context) error {
		var hi int64
		if err := s.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?) b`,
			p.After, batch).Scan(&hi); err != nil {
			return err
		}
		if hi > p.After {
			res, err := s.exec(ctx, `INSERT INTO messages_partitioned SELECT * FROM messages WHERE id > ? AND id <= ? ON CONFLICT DO NOTHING`, p.After, hi)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			moved, p.After, p.Copied = n, hi, p.Copied+n
		}
		redone, err := s.recopyDirty(ctx, p.After)
		if err != nil {
			return err
		}
		moved += redone
		_, err = s.exec(ctx, `UPDATE messages_partition_copy SET after_id = ?, copied = ?, updated_at = ? WHERE id = 1`,
			p.After, p.Copied, s.nowMS())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: partition messages: copy after id %d: %w", p.After, err)
	}
	return moved, nil
}

// recopyDirty replaces the copies of rows changed since they were copied
// (ids up to after) with what messages holds now (nothing, if deleted).
func (s *Store) recopyDirty(ctx context.Context, after int64) (int64, error) {
	stmts := []string{
		`CREATE TEMP TABLE IF NOT EXISTS dirty_now (id BIGINT PRIMARY KEY) ON COMMIT DELETE ROWS`,
		`WITH d AS (DELETE FROM messages_partition_dirty WHERE id <= ? RETURNING id) INSERT INTO dirty_now SELECT id FROM d`,
		`DELETE FROM messages_partitioned WHERE id IN (SELECT id FROM dirty_now)`,
	}
	for i, q := range stmts {
		var err error
		if i == 1 {
			_, err = s.exec(ctx, q, after)
		} else {
			_, err = s.exec(ctx, q)
		}
		if err != nil {
			return 0, err
		}
	}
	res, err := s.exec(ctx, `INSERT INTO messages_partitioned SELECT m.* FROM messages m JOIN dirty_now d ON d.id = m.id`)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// swapPartitioned finishes the copy under a lock that stops writes to
// messages (not reads) and renames the tables, indexes and sequences.
func (s *Store) swapPartitioned(ctx context.Context, p *ConvertProgress) error {
	err := s.WithTx(ctx, func(ctx context.Context) error {
		// Writers wait for this transaction; a long one in the way makes it
		// fail instead, and a rerun resumes (the state row is untouched).
		if _, err := s.exec(ctx, `SET LOCAL lock_timeout = '30s'`); err != nil {
			return err
		}
		if _, err := s.exec(ctx, `LOCK TABLE messages IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		res, err := s.exec(ctx, `INSERT INTO messages_partitioned SELECT * FROM messages WHERE id > ? ON CONFLICT DO NOTHING`, p.After)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		p.Copied += n
		if _, err := s.recopyDirty(ctx, 1<<62); err != nil {
			return err
		}
		var oldCount, newCount int64
		if err := s.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM messages_partitioned)`).Scan(&oldCount, &newCount); err != nil {
			return err
		}
		if oldCount != newCount {
			return fmt.Errorf("row counts differ after the copy: messages %d, messages_partitioned %d", oldCount, newCount)
		}
		var names []string
		rows, err := s.query(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'messages'`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			names = append(names, n)
		}
		rows.Close()
		// A list cut short would leave an index with the old name behind.
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: messages indexes: %w", err)
		}
		stmts := []string{
			`DROP TRIGGER messages_partition_note ON messages`,
			`DROP FUNCTION messages_partition_note()`,
			`SELECT setval(pg_get_serial_sequence('messages_partitioned', 'id'),
				GREATEST((SELECT last_value FROM messages_id_seq), (SELECT COALESCE(MAX(id), 1) FROM messages_partitioned)))`,
			`ALTER TABLE messages RENAME TO messages_unpartitioned`,
			`ALTER SEQUENCE messages_id_seq RENAME TO messages_unpartitioned_id_seq`,
			`ALTER TABLE messages_unpartitioned RENAME CONSTRAINT messages_corp_id_fkey TO messages_unpartitioned_corp_id_fkey`,
		}
		for _, n := range names {
			stmts = append(stmts, `ALTER INDEX `+n+` RENAME TO `+strings.Replace(n, "messages", "messages_unpartitioned", 1))
		}
		stmts = append(stmts,
			`ALTER TABLE messages_partitioned RENAME TO messages`,
			`ALTER SEQUENCE messages_partitioned_id_seq RENAME TO messages_id_seq`,
			`ALTER TABLE messages RENAME CONSTRAINT messages_partitioned_pkey TO messages_pkey`,
			`ALTER TABLE messages RENAME CONSTRAINT messages_partitioned_corp_id_fkey TO messages_corp_id_fkey`,
			`ALTER TABLE messages_partitioned_default RENAME TO messages_default`,
		)
		for _, n := range names {
			if n != "messages_pkey" {
				stmts = append(stmts, `ALTER INDEX `+n+`_part RENAME TO `+n)
			}
		}
		stmts = append(stmts, `DROP TABLE messages_partition_dirty`, `DROP TABLE messages_partition_copy`)
		for _, q := range stmts {
			if _, err := s.exec(ctx, q); err != nil {
				return fmt.Errorf("%w (%s)", err, strings.SplitN(q, "\n", 2)[0])
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: partition messages: swap: %w", err)
	}
	return nil
}

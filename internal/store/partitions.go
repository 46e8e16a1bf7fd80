package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Monthly partitions of messages on PostgreSQL (migration 00100): one
// partition per UTC month of msgtime, named messages_pYYYYMM, and
// messages_default for any msgtime no month covers (msgtime 0, history
// older than the first month created, a clock far ahead). SQLite, and a
// PostgreSQL table that held messages before 00100, have one table and
// every function here does nothing there.

// PartitionsAhead is how many months past the current one are created
// ahead, so ingest never writes into the default partition at a month's turn.
const PartitionsAhead = 3

// MessagePartition is one month's partition.
type MessagePartition struct {
	Name     string
	From, To int64 // msgtime bounds in Unix ms, [From, To)
}

// MessagesPartitioned reports whether messages is a partitioned table.
func (s *Store) MessagesPartitioned(ctx context.Context) (bool, error) {
	if s.dialect != Postgres {
		return false, nil
	}
	var kind string
	err := s.queryRow(ctx, `SELECT relkind::text FROM pg_class WHERE oid = 'messages'::regclass`).Scan(&kind)
	if err != nil {
		return false, fmt.Errorf("store: messages partitioned: %w", err)
	}
	return kind == "p", nil
}

// monthPartition is the partition holding t's UTC month.
func monthPartition(t time.Time) MessagePartition {
	t = t.UTC()
	from := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	return MessagePartition{Name: fmt.Sprintf("messages_p%04d%02d", from.Year(), int(from.Month())), From: from.UnixMilli(), To: to.UnixMilli()}
}

// MessagePartitions lists the month partitions, newest first (not the
// default partition).
func (s *Store) MessagePartitions(ctx context.Context) ([]MessagePartition, error) {
	if ok, err := s.MessagesPartitioned(ctx); err != nil || !ok {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'messages'::regclass AND c.relname LIKE 'messages\_p%'`)
	if err != nil {
		return nil, fmt.Errorf("store: message partitions: %w", err)
	}
	defer rows.Close()
	var out []MessagePartition
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("store: message partitions: %w", err)
		}
		t, err := time.Parse("200601", strings.TrimPrefix(name, "messages_p"))
		if err != nil {
			return nil, fmt.Errorf("store: message partition %s: not messages_pYYYYMM", name)
		}
		out = append(out, monthPartition(t))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: message partitions: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From > out[j].From })
	return out, nil
}

// EnsureMessagePartitions creates the partitions of now's month and of
// ahead months after it, and of every month that has rows waiting in the
// default partition (their rows move there in the same transaction: a
// partition whose range has rows in the default partition cannot be
// created otherwise). It returns the partitions created. Safe to run on
// several replicas at once: each month is one transaction and a month
// created meanwhile is skipped.
func (s *Store) EnsureMessagePartitions(ctx context.Context, now time.Time, ahead int) ([]string, error) {
	if ok, err := s.MessagesPartitioned(ctx); err != nil || !ok {
		return nil, err
	}
	have, err := s.MessagePartitions(ctx)
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for _, p := range have {
		exists[p.Name] = true
	}
	want := map[string]MessagePartition{}
	for i := 0; i <= ahead; i++ {
		p := monthPartition(now.UTC().AddDate(0, i, 0))
		want[p.Name] = p
	}
	rows, err := s.query(ctx, `SELECT DISTINCT (msgtime / 86400000) * 86400000 FROM messages_default WHERE msgtime > 0`)
	if err != nil {
		return nil, fmt.Errorf("store: message partitions: default rows: %w", err)
	}
	for rows.Next() {
		var day int64
		if err := rows.Scan(&day); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: message partitions: default rows: %w", err)
		}
		p := monthPartition(time.UnixMilli(day))
		want[p.Name] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: message partitions: default rows: %w", err)
	}
	var created []string
	for _, name := range sortedNames(want) {
		if exists[name] {
			continue
		}
		ok, err := s.createMessagePartition(ctx, want[name])
		if err != nil {
			return created, err
		}
		if ok {
			created = append(created, name)
			s.log.Info("messages partition created", "partition", name)
		}
	}
	return created, nil
}

func sortedNames(m map[string]MessagePartition) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// createMessagePartition creates p as a plain table, moves the default
// partition's rows of its range into it and attaches it, all in one
// transaction (ATTACH builds the parent's indexes on it and checks that
// the default partition holds no row of the range any more).
func (s *Store) createMessagePartition(ctx context.Context, p MessagePartition) (bool, error) {
	err := s.WithTx(ctx, func(ctx context.Context) error {
		// One creator at a time; the loser finds the partition there.
		if _, err := s.exec(ctx, `LOCK TABLE messages_default IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		var there sql.NullString
		if err := s.queryRow(ctx, `SELECT to_regclass(?)::text`, p.Name).Scan(&there); err != nil {
			return err
		}
		if there.Valid {
			return errPartitionExists
		}
		stmts := []string{
			`CREATE TABLE ` + p.Name + ` (LIKE messages INCLUDING DEFAULTS)`,
			fmt.Sprintf(`INSERT INTO %s SELECT * FROM messages_default WHERE msgtime >= %d AND msgtime < %d`, p.Name, p.From, p.To),
			fmt.Sprintf(`DELETE FROM messages_default WHERE msgtime >= %d AND msgtime < %d`, p.From, p.To),
			fmt.Sprintf(`ALTER TABLE messages ATTACH PARTITION %s FOR VALUES FROM (%d) TO (%d)`, p.Name, p.From, p.To),
		}
		for _, q := range stmts {
			if _, err := s.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errPartitionExists) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: create partition %s: %w", p.Name, err)
	}
	return true, nil
}

// errPartitionExists ends a partition transaction that finds nothing to do.
var errPartitionExists = errors.New("store: partition exists")

// DropEmptyMessagePartitions detaches and drops the month partitions that
// end at or before before (Unix ms) and hold no row any more: retention
// deleted every row in them (each one certified in its batch), which it
// does only when every row was due and none was under a legal hold or an
// open alert. Dropping returns the month's disk (heap, indexes, the dead
// rows of the deletes) at once instead of waiting for VACUUM. The current
// and ahead months are never dropped (before is the caller's horizon).
func (s *Store) DropEmptyMessagePartitions(ctx context.Context, before int64) ([]string, error) {
	parts, err := s.MessagePartitions(ctx)
	if err != nil {
		return nil, err
	}
	var dropped []string
	for _, p := range parts {
		if p.To > before {
			continue
		}
		err := s.WithTx(ctx, func(ctx context.Context) error {
			// DETACH (not CONCURRENTLY: that cannot share a transaction with
			// the check) locks messages briefly; give up rather than queue
			// reads behind a long query, the next sweep tries again.
			if _, err := s.exec(ctx, `SET LOCAL lock_timeout = '5s'`); err != nil {
				return err
			}
			// The lock keeps an insert from landing between the check and the drop.
			if _, err := s.exec(ctx, `LOCK TABLE `+p.Name+` IN ACCESS EXCLUSIVE MODE`); err != nil {
				return err
			}
			var has bool
			if err := s.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+p.Name+`)`).Scan(&has); err != nil {
				return err
			}
			if has {
				return errPartitionExists
			}
			if _, err := s.exec(ctx, `ALTER TABLE messages DETACH PARTITION `+p.Name); err != nil {
				return err
			}
			_, err := s.exec(ctx, `DROP TABLE `+p.Name)
			return err
		})
		if errors.Is(err, errPartitionExists) {
			continue
		}
		if err != nil {
			return dropped, fmt.Errorf("store: drop partition %s: %w", p.Name, err)
		}
		s.log.Info("messages partition dropped: every row in it was deleted by retention", "partition", p.Name)
		dropped = append(dropped, p.Name)
	}
	return dropped, nil
}

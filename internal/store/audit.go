package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// AuditEvent is one row of the append-only audit trail. The audit package
// computes Hash; the store only serialises appends so the chain stays linear.
type AuditEvent struct {
	ID        int64
	At        int64
	Actor     string
	ActorType string
	IP        string
	UserAgent string
	Action    string
	Target    string
	CorpID    string
	Outcome   string
	Reason    string
	RequestID string
	Metadata  string // canonical JSON object
	PrevHash  string
	Hash      string
}

// GenesisHash is the prev_hash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// auditLockKey is the PostgreSQL advisory lock that serialises appends.
const auditLockKey = 0x77617564 // "waud"

const auditCols = `id, at, actor, actor_type, ip, user_agent, action, target, corp_id, outcome, reason, request_id, metadata, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (AuditEvent, error) {
	var e AuditEvent
	err := sc.Scan(&e.ID, &e.At, &e.Actor, &e.ActorType, &e.IP, &e.UserAgent, &e.Action, &e.Target, &e.CorpID,
		&e.Outcome, &e.Reason, &e.RequestID, &e.Metadata, &e.PrevHash, &e.Hash)
	return e, err
}

// AppendAudit appends e to the chain inside the caller's transaction (or its
// own). Under a lock on the chain head it assigns the next id, the time and
// prev_hash, then calls seal to compute the entry's hash. On PostgreSQL the
// lock is a transaction-scoped advisory lock; SQLite transactions here begin
// IMMEDIATE, so the single writer already serialises them.
func (s *Store) AppendAudit(ctx context.Context, e AuditEvent, seal func(*AuditEvent) error) (AuditEvent, error) {
	err := s.WithTx(ctx, func(ctx context.Context) error {
		if s.dialect == Postgres {
			if _, err := s.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(auditLockKey)); err != nil {
				return fmt.Errorf("store: lock audit chain: %w", err)
			}
		}
		var lastID int64
		lastHash := GenesisHash
		err := s.queryRow(ctx, `SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastHash)
		if err != nil && !isNoRowsErr(err) {
			return fmt.Errorf("store: audit head: %w", err)
		}
		e.ID, e.PrevHash = lastID+1, lastHash
		if e.At == 0 {
			e.At = s.nowMS()
		}
		if e.Metadata == "" {
			e.Metadata = "{}"
		}
		if err := seal(&e); err != nil {
			return err
		}
		_, err = s.exec(ctx, `INSERT INTO audit_events (`+auditCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.At, e.Actor, e.ActorType, e.IP, e.UserAgent, e.Action, e.Target, e.CorpID, e.Outcome, e.Reason,
			e.RequestID, e.Metadata, e.PrevHash, e.Hash)
		if err != nil {
			return fmt.Errorf("store: append audit: %w", err)
		}
		return nil
	})
	return e, err
}

// AuditFilter selects audit events; zero fields do not filter.
type AuditFilter struct {
	Actor    string
	Action   string // exact, or a prefix ending in "." ("auth.")
	Target   string // substring
	Outcome  string
	CorpID   string
	From, To int64 // ms, inclusive from, exclusive to
	BeforeID int64 // cursor: only ids below it
	Limit    int
}

// ListAudit returns matching events newest first.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if strings.HasSuffix(f.Action, ".") {
		add(`action LIKE ? ESCAPE '\'`, escapeLike(f.Action)+"%")
	} else if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Target != "" {
		add(`target LIKE ? ESCAPE '\'`, "%"+escapeLike(f.Target)+"%")
	}
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if f.CorpID != "" {
		add("corp_id = ?", f.CorpID)
	}
	if f.From > 0 {
		add("at >= ?", f.From)
	}
	if f.To > 0 {
		add("at < ?", f.To)
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	q := `SELECT ` + auditCols + ` FROM audit_events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	return s.auditRows(ctx, q, args...)
}

// AuditAfter returns up to limit events with id > afterID in id order; verify walks with it.
func (s *Store) AuditAfter(ctx context.Context, afterID int64, limit int) ([]AuditEvent, error) {
	return s.auditRows(ctx, `SELECT `+auditCols+` FROM audit_events WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
}

// AuditByID returns one event.
func (s *Store) AuditByID(ctx context.Context, id int64) (AuditEvent, error) {
	e, err := scanAudit(s.queryRow(ctx, `SELECT `+auditCols+` FROM audit_events WHERE id = ?`, id))
	if err != nil {
		return AuditEvent{}, notFound(err, fmt.Sprintf("audit event %d", id))
	}
	return e, nil
}

// AuditHead returns the newest event's id and hash and the number of events.
func (s *Store) AuditHead(ctx context.Context) (id int64, hash string, count int64, err error) {
	hash = GenesisHash
	err = s.queryRow(ctx, `SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&id, &hash)
	if err != nil && !isNoRowsErr(err) {
		return 0, "", 0, fmt.Errorf("store: audit head: %w", err)
	}
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM audit_events`).Scan(&count); err != nil {
		return 0, "", 0, fmt.Errorf("store: audit count: %w", err)
	}
	return id, hash, count, nil
}

func (s *Store) auditRows(ctx context.Context, q string, args ...any) ([]AuditEvent, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query audit: %w", err)
	}
	defer rows.Close()
	out := []AuditEvent{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan audit: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// escapeLike makes user input match itself literally in a LIKE pattern
// used with ESCAPE '\' (the two stores disagree on the default escape, so
// every such LIKE names it): "a_b" finds "a_b", not "axb".
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

func isNoRowsErr(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// AuditCheckpoint is a signed statement of the chain's head at a time.
type AuditCheckpoint struct {
	ID          int64
	At          int64
	LastEventID int64
	LastHash    string
	EventCount  int64
	KeyID       string
	Signature   string
}

// AddAuditCheckpoint stores a checkpoint.
func (s *Store) AddAuditCheckpoint(ctx context.Context, c AuditCheckpoint) (AuditCheckpoint, error) {
	err := s.queryRow(ctx, `INSERT INTO audit_checkpoints (at, last_event_id, last_hash, event_count, key_id, signature)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, c.At, c.LastEventID, c.LastHash, c.EventCount, c.KeyID, c.Signature).Scan(&c.ID)
	if err != nil {
		return AuditCheckpoint{}, fmt.Errorf("store: add audit checkpoint: %w", err)
	}
	return c, nil
}

// ListAuditCheckpoints returns checkpoints newest first (limit <= 0: all).
func (s *Store) ListAuditCheckpoints(ctx context.Context, limit int) ([]AuditCheckpoint, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := s.query(ctx, `SELECT id, at, last_event_id, last_hash, event_count, key_id, signature
		FROM audit_checkpoints ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list checkpoints: %w", err)
	}
	defer rows.Close()
	out := []AuditCheckpoint{}
	for rows.Next() {
		var c AuditCheckpoint
		if err := rows.Scan(&c.ID, &c.At, &c.LastEventID, &c.LastHash, &c.EventCount, &c.KeyID, &c.Signature); err != nil {
			return nil, fmt.Errorf("store: scan checkpoint: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// The read pool: a second connection pool, normally to a PostgreSQL
// streaming replica, for read-only queries that tolerate a second of lag
// (search, conversation lists, threads, exports). Two things must both hold
// for a query to go there: the caller marked its context with ReadReplica,
// and the store method is one of the read-only ones that call s.readQ.
// Everything else, every transaction, and everything when no pool is
// attached goes to the primary, so a read that feeds a write (monitoring
// context, retention, ingest) never sees a lagging copy.

type readKey struct{}

// ReadReplica marks ctx as serving a read that may be answered by the read
// pool (db_read) when one is configured.
func ReadReplica(ctx context.Context) context.Context {
	return context.WithValue(ctx, readKey{}, true)
}

// ReadPoolApplicationName is the application_name of the read pool's
// sessions, so pg_stat_activity on the replica tells them apart.
const ReadPoolApplicationName = "wecomadmin-read"

// AttachReadPool opens the read pool at dsn (postgres:// only). Its sessions
// run with default_transaction_read_only, so a write sent there by mistake
// is refused by the server, also when dsn names the primary itself.
func (s *Store) AttachReadPool(ctx context.Context, dsn string) error {
	if s.dialect != Postgres {
		return errors.New("store: a read pool needs PostgreSQL")
	}
	d, conn, err := ParseDSN(dsn)
	if err != nil {
		return err
	}
	if d != Postgres {
		return errors.New("store: the read pool must be postgres://")
	}
	u, err := url.Parse(conn)
	if err != nil {
		return fmt.Errorf("store: read pool DSN: not a URL")
	}
	q := u.Query()
	q.Set("default_transaction_read_only", "on") // pgx sends unknown keys as run-time parameters
	if q.Get("application_name") == "" {
		q.Set("application_name", ReadPoolApplicationName)
	}
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return fmt.Errorf("store: open read pool: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return fmt.Errorf("store: connect read pool: %w", err)
	}
	if s.rdb != nil {
		_ = s.rdb.Close()
	}
	s.rdb, s.readPool = db, db
	return nil
}

// HasReadPool reports whether read-only queries may leave the primary.
func (s *Store) HasReadPool() bool { return s.readPool != nil }

// readQ is the querier for a read-only store method: the transaction in ctx
// if any, else the read pool when ctx asks for it and one is attached, else
// the primary.
func (s *Store) readQ(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	if s.readPool != nil {
		if ok, _ := ctx.Value(readKey{}).(bool); ok {
			return s.readPool
		}
	}
	return s.db
}

func (s *Store) readQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.readQ(ctx).QueryContext(ctx, s.rebind(query), args...)
}

func (s *Store) readQueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.readQ(ctx).QueryRowContext(ctx, s.rebind(query), args...)
}

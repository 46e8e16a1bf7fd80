package store

import (
	"context"
	"database/sql"
	"strings"

	"wecomadmin/internal/textindex"
)

// ExecForTest runs a raw statement; benchmarks use it for their baselines.
func (s *Store) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := s.exec(ctx, query, args...)
	return err
}

// MigrateUpToForTest applies migrations up to and including version; the
// schema snapshot test pins the schema of a past version with it.
func (s *Store) MigrateUpToForTest(ctx context.Context, version int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// QueryStringsForTest runs a query whose columns are all text and returns
// each row's columns joined by " | "; schema tests read catalogs with it.
func (s *Store) QueryStringsForTest(ctx context.Context, query string) ([][]string, error) {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// MigrateDownToForTest rolls migrations back to version (0 for none).
func (s *Store) MigrateDownToForTest(ctx context.Context, version int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}

// QuerierForTest is what the read pool hands out (a *sql.DB normally).
type QuerierForTest = querier

// WrapReadPoolForTest replaces the read pool's querier with wrap(it), so a
// test can count which queries it served.
func (s *Store) WrapReadPoolForTest(wrap func(QuerierForTest) QuerierForTest) {
	s.readPool = wrap(s.readPool)
}

// ReadPoolForTest is the querier a read-only method would use on ctx.
func (s *Store) ReadPoolForTest(ctx context.Context) QuerierForTest { return s.readQ(ctx) }

// ExplainForTest returns PostgreSQL's plan of a statement as the store
// would send it (? placeholders), with its arguments bound.
func (s *Store) ExplainForTest(ctx context.Context, query string, args ...any) (string, error) {
	rows, err := s.db.QueryContext(ctx, "EXPLAIN "+s.rebind(query), args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		b.WriteString(line + "\n")
	}
	return b.String(), rows.Err()
}

// SearchPagePGForTest runs PostgreSQL's search page with a window of walk
// rows, so a small test reaches the search below the window.
func (s *Store) SearchPagePGForTest(ctx context.Context, q textindex.Query, f MessageFilter, limit, walk int) ([]Message, error) {
	return s.searchPagePG(ctx, q, f, limit, walk)
}

// ReindexSQLForTest is the statement that rewrites one message's tsvector
// on PostgreSQL (args: the tsvector, id, msgtime).
const ReindexSQLForTest = reindexPG

// DeleteMessagesSQLForTest is DeleteMessages' statement on messages for n
// ids (args: the ids, then the first and last msgtime).
func DeleteMessagesSQLForTest(n int) string { return deleteMessagesSQL(n) }

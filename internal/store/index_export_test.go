package store

import (
	"context"

	"wecomadmin/internal/textindex"
)

// InsertMessageUnindexed is the build-rate baseline: the same row insert
// without the full-text index update (benchmarks only).
func (s *Store) InsertMessageUnindexed(ctx context.Context, m Message) error {
	_, err := s.insertMessageRow(ctx, m, nil)
	return err
}

// SearchWalk runs the search with a PostgreSQL walk window of walk rows, so
// tests reach the GIN step with few messages (SQLite: the usual search).
func (s *Store) SearchWalk(ctx context.Context, q textindex.Query, f MessageFilter, limit, walk int) ([]Message, error) {
	if s.dialect != Postgres {
		return s.SearchMessages(ctx, q, f, limit)
	}
	return s.searchPagePG(ctx, q, f, limit, walk)
}

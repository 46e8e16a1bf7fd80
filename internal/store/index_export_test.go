package store

import "context"

// InsertMessageUnindexed is the build-rate baseline: the same row insert
// without the full-text index update (benchmarks only).
func (s *Store) InsertMessageUnindexed(ctx context.Context, m Message) error {
	_, err := s.insertMessageRow(ctx, m, nil)
	return err
}

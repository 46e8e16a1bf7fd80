package store

import "context"

// ExecForTest runs a raw statement; benchmarks use it for their baselines.
func (s *Store) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := s.exec(ctx, query, args...)
	return err
}

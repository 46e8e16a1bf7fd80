package store

import (
	"context"
	"fmt"
)

// ExecRaw runs one statement verbatim. It exists for test fixtures and for
// tamper-detection tests that must change rows behind the application's back.
func (s *Store) ExecRaw(ctx context.Context, query string, args ...any) error {
	if _, err := s.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("store: exec raw: %w", err)
	}
	return nil
}

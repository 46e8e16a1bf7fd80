package store

import (
	"context"
	"fmt"
)

// MergeSearchIndex does one step of merging the SQLite full-text index's
// segments into one: start begins a cycle (FTS5's 'merge' with a negative
// page count), later steps continue it. Each step writes at most pages
// leaf pages in its own short transaction, so ingest waits at most one
// step for the single writer. It reports whether more work remains.
//
// Why: ingest adds a segment per transaction and FTS5's automerge keeps
// several per level, and a query seeks every segment for every token; on a
// few million messages the merged index answers the filtered and rare
// queries two to three times faster (docs/REVIEW.md). PostgreSQL's GIN
// index needs nothing of the kind: it reports false at once.
func (s *Store) MergeSearchIndex(ctx context.Context, pages int, start bool) (more bool, err error) {
	if s.dialect != SQLite {
		return false, nil
	}
	n := pages
	if start {
		n = -pages
	}
	err = s.WithTx(ctx, func(ctx context.Context) error {
		var before, after int64
		if err := s.queryRow(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
			return err
		}
		if _, err := s.exec(ctx, `INSERT INTO message_fts (message_fts, rank) VALUES ('merge', ?)`, n); err != nil {
			return err
		}
		if err := s.queryRow(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
			return err
		}
		more = after-before >= 2 // FTS5: fewer than two rows written means nothing was left to merge
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: merge search index: %w", err)
	}
	return more, nil
}

package store

import (
	"context"
	"fmt"
)

// SearchBackfill is how far the search index's backfill has come: messages
// with backfill_after < id <= backfill_upto still need (re)indexing. Rows
// written after the migration that set upto are indexed as they arrive.
type SearchBackfill struct {
	After, Upto int64
}

// Pending reports whether messages still wait for the index.
func (b SearchBackfill) Pending() bool { return b.After < b.Upto }

// SearchBackfillState is the cheap start-up check: one row.
func (s *Store) SearchBackfillState(ctx context.Context) (SearchBackfill, error) {
	var b SearchBackfill
	err := s.queryRow(ctx, `SELECT backfill_after, backfill_upto FROM search_index_state WHERE id = 1`).Scan(&b.After, &b.Upto)
	if err != nil {
		return b, notFound(err, "search backfill state")
	}
	return b, nil
}

// BackfillSearchIndex indexes the next batch of messages the index is
// behind on and records the checkpoint in the same transaction, so a
// restart resumes where it stopped. It returns the state after the batch.
func (s *Store) BackfillSearchIndex(ctx context.Context, batch int) (SearchBackfill, error) {
	b, err := s.SearchBackfillState(ctx)
	if err != nil || !b.Pending() {
		return b, err
	}
	last, n, err := s.reindexRange(ctx, b.After, b.Upto, batch, func(ctx context.Context, last int64) error {
		_, err := s.exec(ctx, `UPDATE search_index_state SET backfill_after = ?, updated_at = ? WHERE id = 1`, last, s.nowMS())
		return err
	})
	if err != nil {
		return b, fmt.Errorf("store: backfill search index: %w", err)
	}
	if n == 0 { // ids up to upto were deleted meanwhile: nothing left
		last = b.Upto
		if _, err := s.exec(ctx, `UPDATE search_index_state SET backfill_after = ?, updated_at = ? WHERE id = 1`, last, s.nowMS()); err != nil {
			return b, fmt.Errorf("store: backfill search index: %w", err)
		}
	}
	b.After = last
	return b, nil
}

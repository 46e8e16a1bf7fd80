package search

import (
	"context"
	"log/slog"
	"time"

	"wecomadmin/internal/store"
)

// BackfillStore is what the index backfill needs of the store.
type BackfillStore interface {
	SearchBackfillState(ctx context.Context) (store.SearchBackfill, error)
	BackfillSearchIndex(ctx context.Context, batch int) (store.SearchBackfill, error)
}

// BackfillBatch is the messages indexed per transaction: big enough to
// amortize the commit, small enough that ingest never waits long for the
// single SQLite writer.
const BackfillBatch = 2000

// Backfill brings the search index up to date with messages stored before
// it existed or before its format last changed (a migration records how far
// that goes). When the index is current it costs one row read, so it runs
// at every start; it resumes from its last committed batch after a restart
// and logs progress as it goes. Searches are partial until it finishes.
func Backfill(ctx context.Context, st BackfillStore, log *slog.Logger) error {
	b, err := st.SearchBackfillState(ctx)
	if err != nil || !b.Pending() {
		return err
	}
	log.Info("search index backfill starting", "after_id", b.After, "upto_id", b.Upto)
	start, from, lastLog := time.Now(), b.After, time.Now()
	for b.Pending() && ctx.Err() == nil {
		if b, err = st.BackfillSearchIndex(ctx, BackfillBatch); err != nil {
			return err
		}
		if time.Since(lastLog) >= 10*time.Second {
			lastLog = time.Now()
			log.Info("search index backfill progress", "after_id", b.After, "upto_id", b.Upto,
				"ids_per_s", int(float64(b.After-from)/time.Since(start).Seconds()))
		}
	}
	if b.Pending() {
		return nil
	}
	log.Info("search index backfill done", "upto_id", b.Upto, "seconds", int(time.Since(start).Seconds()))
	if m, ok := st.(MergeStore); ok {
		return MergeIndex(ctx, m, log) // a backfill leaves one segment per batch
	}
	return nil
}

// MergeStore is what the index merge needs of the store.
type MergeStore interface {
	MergeSearchIndex(ctx context.Context, pages int, start bool) (bool, error)
}

// MergePages is the leaf pages one merge step writes (a few MB: a short
// hold of the single SQLite writer).
const MergePages = 2000

// MergeIndex merges the full-text index's segments into one, step by step
// (store.MergeSearchIndex says why). It runs as the nightly periodic task
// search.merge and after a backfill; on PostgreSQL it returns at once.
func MergeIndex(ctx context.Context, st MergeStore, log *slog.Logger) error {
	start := time.Now()
	steps := 0
	for more := true; more && ctx.Err() == nil; steps++ {
		var err error
		if more, err = st.MergeSearchIndex(ctx, MergePages, steps == 0); err != nil {
			return err
		}
	}
	if steps > 1 {
		log.Info("search index merged", "steps", steps, "seconds", int(time.Since(start).Seconds()))
	}
	return ctx.Err()
}

-- +goose Up
-- Search index v3: digit runs also index their 4-grams (textindex), so a
-- phone-number fragment of four or more digits is looked up by rare grams
-- instead of a phrase of very common digit bigrams. Every message is
-- reindexed by the server's backfill at start, up to the last id recorded
-- here (store.BackfillSearchIndex, resumable); until it is done a fragment
-- of four or more digits finds only rebuilt rows.
UPDATE search_index_state SET backfill_after = 0,
    backfill_upto = (SELECT COALESCE(MAX(id), 0) FROM messages), updated_at = 0 WHERE id = 1;

-- +goose Down
-- The v2 index is a subset of v3 (no 4-grams, no run markers): keeping the
-- rows only costs space, so nothing is rebuilt.
SELECT 1;

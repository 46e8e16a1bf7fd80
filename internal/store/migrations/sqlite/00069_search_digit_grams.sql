-- +goose Up
-- Search index v3: digit runs also index their 4-grams (textindex), so a
-- phone-number fragment of four or more digits is looked up by rare grams
-- instead of a phrase of very common digit bigrams. The table is rebuilt
-- empty and search_index_state tells the server to backfill every message
-- up to the current last id (store.BackfillSearchIndex, resumable).
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, p, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");
UPDATE search_index_state SET backfill_after = 0,
    backfill_upto = (SELECT COALESCE(MAX(id), 0) FROM messages), updated_at = 0 WHERE id = 1;

-- +goose Down
-- The v2 index is a subset of v3 (no 4-grams, no run markers): keeping the
-- rows only costs space, so nothing is rebuilt.
SELECT 1;

-- +goose Up
-- Search index v2: each message's tsvector also holds its parties (sender,
-- recipients, room) as '@userid' lexemes, so an employee, contact or room
-- filter is answered by the GIN index. Rows written before this (and rows
-- ingested before the search index existed, whose tsvector is empty) are
-- backfilled by the server at start up to the last id recorded here
-- (store.BackfillSearchIndex, resumable).
CREATE TABLE search_index_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    backfill_after  BIGINT NOT NULL,
    backfill_upto   BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
INSERT INTO search_index_state (id, backfill_after, backfill_upto, updated_at)
    SELECT 1, 0, COALESCE(MAX(id), 0), 0 FROM messages;

-- +goose Down
DROP TABLE search_index_state;

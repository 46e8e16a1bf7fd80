-- +goose Up
-- Search index v2: each message's index also holds its parties (sender,
-- recipients, room), so an employee, contact or room filter is one more
-- index term instead of a check of every hit (SQLite: a third FTS5 column
-- p, 00068_search_parties.sqlite.sql; PostgreSQL: '@userid' lexemes in the
-- tsvector). Rows written before this are backfilled by the server at start
-- up to the last id recorded here (store.BackfillSearchIndex, resumable).
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

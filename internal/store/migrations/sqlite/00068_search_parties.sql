-- +goose Up
-- Search index v2: a third column p holds each message's parties (sender,
-- recipients, room), so an employee, contact or room filter is one more
-- index term instead of a check of every hit. The table is rebuilt empty;
-- search_index_state tells the server to backfill every message up to the
-- current last id (store.BackfillSearchIndex, resumable, run at start).
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, p, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");
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
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

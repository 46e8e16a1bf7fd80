-- +goose Up
-- The FTS5 table is rebuilt empty; the backfill refills it.
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, p, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

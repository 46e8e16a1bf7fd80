-- +goose Up
-- The FTS5 table is rebuilt empty with the parties column p.
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, p, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

-- +goose Down
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

-- +goose Up
-- Full-text index of messages.content, fed pre-tokenized by
-- internal/textindex (column t: words, digit runs, CJK bigrams; column g: CJK
-- unigrams, digit bigrams). Contentless: the text lives in messages; rowid
-- is messages.id, so newest-first is FTS5's native rowid-descending walk.
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");
-- Newest-first walks of a corp (exports, retention, unfiltered lists).
CREATE INDEX messages_corp_id ON messages (corp_id, id);

-- +goose Down
DROP INDEX messages_corp_id;
DROP TABLE message_fts;

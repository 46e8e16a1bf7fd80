-- +goose Up
-- Column t: words, digit runs, CJK bigrams; column g: CJK unigrams, digit
-- bigrams. Contentless: the text lives in messages; rowid is messages.id, so
-- newest-first is FTS5's native rowid-descending walk.
CREATE VIRTUAL TABLE message_fts USING fts5(t, g, content='', contentless_delete=1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

-- +goose Down
DROP TABLE message_fts;

-- +goose Up
-- Full-text index of messages.content, fed pre-tokenized by
-- internal/textindex: an FTS5 table on SQLite (00060_search.sqlite.sql), a
-- tsvector column with a GIN index on PostgreSQL (00060_search.postgres.sql).
-- Newest-first walks of a corp (exports, retention, unfiltered lists).
CREATE INDEX messages_corp_id ON messages (corp_id, id);

-- +goose Down
DROP INDEX messages_corp_id;

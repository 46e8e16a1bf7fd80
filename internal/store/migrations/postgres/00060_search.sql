-- +goose Up
-- Full-text index of messages.content as a tsvector built in Go by
-- internal/textindex (positions kept for phrases), with a GIN index.
ALTER TABLE messages ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX messages_search ON messages USING gin (search);
CREATE INDEX messages_corp_id ON messages (corp_id, id);

-- +goose Down
DROP INDEX messages_corp_id;
DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;

-- +goose Up
-- A tsvector built in Go by internal/textindex (positions kept for phrases).
ALTER TABLE messages ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX messages_search ON messages USING gin (search);

-- +goose Down
DROP INDEX messages_search;
ALTER TABLE messages DROP COLUMN search;

-- +goose Up
-- Tokens and admins share id numbers, so who requested an export and who
-- made a token are (kind, id), never id or name alone. Rows from before
-- have kind '' (exports: read as admin, the only requester then in use).
ALTER TABLE exports ADD COLUMN requested_by_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN created_by_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN created_by_id BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN created_by_id;
ALTER TABLE api_tokens DROP COLUMN created_by_kind;
ALTER TABLE exports DROP COLUMN requested_by_kind;

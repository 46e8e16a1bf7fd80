-- +goose Up
-- The contacts list filters by channel tag (the "state" of the contact way
-- the customer came through) server-side, paged by id.
CREATE INDEX follow_relations_tag ON follow_relations (corp_id, state_tag, id);

-- +goose Down
DROP INDEX follow_relations_tag;

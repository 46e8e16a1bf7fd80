-- +goose Up
-- Who dispositioned an alert is (kind, id), never the name alone: tokens
-- and admins share id numbers and a name can be reused, so four-eyes
-- approval compares the principal. Rows from before have kind '' and are
-- compared by name as they were.
ALTER TABLE monitor_alerts ADD COLUMN dispositioned_by_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE monitor_alerts ADD COLUMN dispositioned_by_id BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE monitor_alerts DROP COLUMN dispositioned_by_id;
ALTER TABLE monitor_alerts DROP COLUMN dispositioned_by_kind;

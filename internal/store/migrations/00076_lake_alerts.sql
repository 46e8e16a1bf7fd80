-- +goose Up
-- The lake exports monitoring alerts by updated_at (their review changes
-- them after they are raised): this index is that window's keyset walk.
CREATE INDEX monitor_alerts_lake ON monitor_alerts (corp_id, updated_at, id);

-- +goose Down
DROP INDEX monitor_alerts_lake;

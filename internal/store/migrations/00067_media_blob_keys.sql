-- +goose Up
-- Retention deletes a media file only when no remaining row references it
-- (by key or content hash); these indexes keep that check off a full scan.
CREATE INDEX media_blob_key ON media (blob_key);
CREATE INDEX media_playable_key ON media (playable_key);
CREATE INDEX media_thumb_key ON media (thumb_key);

-- +goose Down
DROP INDEX media_thumb_key;
DROP INDEX media_playable_key;
DROP INDEX media_blob_key;

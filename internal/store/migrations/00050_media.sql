-- +goose Up
-- Media pipeline: sniffed type beside the declared one, quarantine flag,
-- derived files (playable audio, thumbnails, posters), the download's
-- progress for the UI, and transcripts.
ALTER TABLE media ADD COLUMN sniffed_type TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN type_mismatch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN quarantined INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN playable_key TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN playable_type TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN thumb_key TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN downloaded_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN scanned_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX media_sha256 ON media (sha256);

CREATE TABLE media_transcripts (
    id               {{BIGSERIAL_PK}},
    media_id         BIGINT NOT NULL REFERENCES media(id),
    corp_id          TEXT NOT NULL,
    engine           TEXT NOT NULL,
    language         TEXT NOT NULL,
    confidence       DOUBLE PRECISION NOT NULL DEFAULT 0,
    text             TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX media_transcripts_media ON media_transcripts (media_id, created_at);

-- +goose Down
DROP TABLE media_transcripts;
DROP INDEX media_sha256;
ALTER TABLE media DROP COLUMN scanned_at;
ALTER TABLE media DROP COLUMN downloaded_bytes;
ALTER TABLE media DROP COLUMN thumb_key;
ALTER TABLE media DROP COLUMN playable_type;
ALTER TABLE media DROP COLUMN playable_key;
ALTER TABLE media DROP COLUMN quarantined;
ALTER TABLE media DROP COLUMN type_mismatch;
ALTER TABLE media DROP COLUMN sniffed_type;

-- +goose Up
-- Exports of conversation content: what was asked (params, the requester's
-- department scope at request time), its approval, its job and the file.
CREATE TABLE exports (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    format           TEXT NOT NULL,
    source           TEXT NOT NULL,
    params           TEXT NOT NULL DEFAULT '{}',
    scope            TEXT NOT NULL DEFAULT '{}',
    requested_by     TEXT NOT NULL,
    requested_by_id  BIGINT NOT NULL DEFAULT 0,
    state            TEXT NOT NULL,
    approval_id      BIGINT NOT NULL DEFAULT 0,
    job_id           BIGINT NOT NULL DEFAULT 0,
    blob_key         TEXT NOT NULL DEFAULT '',
    sha256           TEXT NOT NULL DEFAULT '',
    size             BIGINT NOT NULL DEFAULT 0,
    row_count        BIGINT NOT NULL DEFAULT 0,
    error            TEXT NOT NULL DEFAULT '',
    expires_at       BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX exports_corp ON exports (corp_id, id);

-- +goose Down
DROP TABLE exports;

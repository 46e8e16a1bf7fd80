-- +goose Up
-- Lake export: per corp and table, the watermark committed after a run's
-- manifest; each run with its plan (the window it exports) and the files it
-- wrote; per-corp export settings; and tombstones of messages deleted by
-- retention, exported so the lake can delete them too.
CREATE TABLE lake_watermarks (
    corp_id     TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    watermark   BIGINT NOT NULL DEFAULT 0,
    next_part   BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (corp_id, table_name)
);

CREATE TABLE lake_runs (
    id           TEXT PRIMARY KEY,
    corp_id      TEXT NOT NULL,
    state        TEXT NOT NULL,
    trigger_kind TEXT NOT NULL DEFAULT '',
    plan         TEXT NOT NULL DEFAULT '{}',
    files        TEXT NOT NULL DEFAULT '[]',
    row_count    BIGINT NOT NULL DEFAULT 0,
    byte_count   BIGINT NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 1,
    last_error   TEXT NOT NULL DEFAULT '',
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX lake_runs_corp ON lake_runs (corp_id, started_at);
-- At most one unfinished run per corp: two processes cannot export the same window.
CREATE UNIQUE INDEX lake_runs_open ON lake_runs (corp_id) WHERE state <> 'done';

CREATE TABLE lake_settings (
    corp_id      TEXT PRIMARY KEY,
    media_bytes  INTEGER NOT NULL DEFAULT 0,
    mask_pii     INTEGER NOT NULL DEFAULT 0,
    compliance_formats TEXT NOT NULL DEFAULT '[]',
    updated_by   TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL
);

CREATE TABLE lake_tombstones (
    id          {{BIGSERIAL_PK}},
    corp_id     TEXT NOT NULL,
    msgid       TEXT NOT NULL,
    message_id  BIGINT NOT NULL,
    msgtime     BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    deleted_at  BIGINT NOT NULL
);
CREATE INDEX lake_tombstones_corp ON lake_tombstones (corp_id, id);

-- +goose Down
DROP TABLE lake_tombstones;
DROP TABLE lake_settings;
DROP TABLE lake_runs;
DROP TABLE lake_watermarks;

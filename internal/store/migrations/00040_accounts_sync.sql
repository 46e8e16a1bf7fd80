-- +goose Up
-- HR sync runs: one row a run, one row a planned WeCom call. A step's state
-- is committed right after its WeCom call, so a resumed run skips done steps.
CREATE TABLE sync_runs (
    id            {{BIGSERIAL_PK}},
    corp_id       TEXT NOT NULL REFERENCES corps(corp_id),
    source        TEXT NOT NULL DEFAULT 'csv',
    state         TEXT NOT NULL DEFAULT 'planned',
    report        TEXT NOT NULL DEFAULT '{}',
    plan          TEXT NOT NULL DEFAULT '{}',
    records       TEXT NOT NULL DEFAULT '[]',
    created_by    TEXT NOT NULL DEFAULT '',
    confirmed_by  TEXT NOT NULL DEFAULT '',
    steps_total   INTEGER NOT NULL DEFAULT 0,
    steps_done    INTEGER NOT NULL DEFAULT 0,
    steps_failed  INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT NOT NULL DEFAULT 0,
    finished_at   BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX sync_runs_corp ON sync_runs (corp_id, created_at);

CREATE TABLE sync_steps (
    run_id        BIGINT NOT NULL REFERENCES sync_runs(id),
    seq           INTEGER NOT NULL,
    employee_id   TEXT NOT NULL DEFAULT '',
    userid        TEXT NOT NULL,
    action        TEXT NOT NULL,
    rule          TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    changes       TEXT NOT NULL DEFAULT '[]',
    payload       TEXT NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL DEFAULT 'planned',
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    done_at       BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Runtime settings of the accounts feature per corp (sync rules, licence
-- quota, WW_verify file), edited in the UI.
CREATE TABLE account_settings (
    corp_id       TEXT PRIMARY KEY REFERENCES corps(corp_id),
    settings      TEXT NOT NULL DEFAULT '{}',
    updated_at    BIGINT NOT NULL
);

-- Secrets of corps added through the API (config corps keep theirs in config).
-- Never returned by the API.
CREATE TABLE corp_secrets (
    corp_id       TEXT NOT NULL REFERENCES corps(corp_id),
    kind          TEXT NOT NULL,
    value         TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (corp_id, kind)
);

-- +goose Down
DROP TABLE corp_secrets;
DROP TABLE account_settings;
DROP TABLE sync_steps;
DROP TABLE sync_runs;

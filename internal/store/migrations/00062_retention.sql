-- +goose Up
-- Retention rules (per corp, optionally per msgtype and/or department) and
-- legal holds that suspend deletion for what they cover.
CREATE TABLE retention_rules (
    id          {{BIGSERIAL_PK}},
    corp_id     TEXT NOT NULL,
    msgtype     TEXT NOT NULL DEFAULT '',
    department  TEXT NOT NULL DEFAULT '',
    days        INTEGER NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX retention_rules_key ON retention_rules (corp_id, msgtype, department);

CREATE TABLE legal_holds (
    id          {{BIGSERIAL_PK}},
    corp_id     TEXT NOT NULL,
    matter      TEXT NOT NULL,
    employees   TEXT NOT NULL DEFAULT '[]',
    contacts    TEXT NOT NULL DEFAULT '[]',
    rooms       TEXT NOT NULL DEFAULT '[]',
    from_time   BIGINT NOT NULL DEFAULT 0,
    to_time     BIGINT NOT NULL DEFAULT 0,
    state       TEXT NOT NULL DEFAULT 'active',
    created_by  TEXT NOT NULL DEFAULT '',
    released_by TEXT NOT NULL DEFAULT '',
    released_at BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX legal_holds_corp ON legal_holds (corp_id, state);

-- +goose Down
DROP TABLE legal_holds;
DROP TABLE retention_rules;

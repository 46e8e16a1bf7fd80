-- +goose Up
-- Durable callback inbox: every accepted WeCom callback is stored here
-- before the receiver answers "success"; a worker applies it later.
CREATE TABLE callback_inbox (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    dedupe_key       TEXT NOT NULL,
    event            TEXT NOT NULL DEFAULT '',
    change_type      TEXT NOT NULL DEFAULT '',
    event_time       BIGINT NOT NULL DEFAULT 0,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    duplicates       INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL DEFAULT 0,
    lease_owner      TEXT NOT NULL DEFAULT '',
    lease_until      BIGINT NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    received_at      BIGINT NOT NULL,
    processed_at     BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX callback_inbox_dedupe ON callback_inbox (corp_id, dedupe_key);
CREATE INDEX callback_inbox_ready ON callback_inbox (state, next_attempt_at, id);

-- The newest event time applied to a relation, so late or shuffled
-- deliveries never overwrite a newer state.
ALTER TABLE follow_relations ADD COLUMN last_event_at BIGINT NOT NULL DEFAULT 0;

CREATE TABLE contact_reconciliations (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    started_at       BIGINT NOT NULL,
    finished_at      BIGINT NOT NULL DEFAULT 0,
    employees        INTEGER NOT NULL DEFAULT 0,
    relations_seen   INTEGER NOT NULL DEFAULT 0,
    repaired         INTEGER NOT NULL DEFAULT 0,
    report           TEXT NOT NULL DEFAULT '{}',
    error            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_reconciliations_corp ON contact_reconciliations (corp_id, started_at);

CREATE TABLE transfers (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    handover_userid  TEXT NOT NULL,
    takeover_userid  TEXT NOT NULL,
    message          TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'pending',
    requested_by     TEXT NOT NULL DEFAULT '',
    rule             TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    finished_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX transfers_corp ON transfers (corp_id, created_at);
CREATE INDEX transfers_state ON transfers (state);

CREATE TABLE transfer_items (
    id               {{BIGSERIAL_PK}},
    transfer_id      BIGINT NOT NULL REFERENCES transfers(id),
    corp_id          TEXT NOT NULL,
    item_kind        TEXT NOT NULL,
    target_id        TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending',
    errcode          INTEGER NOT NULL DEFAULT 0,
    attempts         INTEGER NOT NULL DEFAULT 0,
    takeover_time    BIGINT NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX transfer_items_target ON transfer_items (transfer_id, item_kind, target_id);
CREATE INDEX transfer_items_status ON transfer_items (corp_id, status, target_id);

CREATE TABLE welcome_templates (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    department_path  TEXT NOT NULL DEFAULT '',
    name             TEXT NOT NULL,
    text             TEXT NOT NULL DEFAULT '',
    attachments      TEXT NOT NULL DEFAULT '[]',
    enabled          INTEGER NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX welcome_templates_dept ON welcome_templates (corp_id, department_path);

CREATE TABLE welcome_sends (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    welcome_code     TEXT NOT NULL,
    userid           TEXT NOT NULL,
    external_userid  TEXT NOT NULL,
    template_id      BIGINT NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'sending',
    errcode          INTEGER NOT NULL DEFAULT 0,
    error            TEXT NOT NULL DEFAULT '',
    received_at      BIGINT NOT NULL,
    sent_at          BIGINT NOT NULL DEFAULT 0,
    delay_ms         BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX welcome_sends_code ON welcome_sends (corp_id, welcome_code);
CREATE INDEX welcome_sends_time ON welcome_sends (corp_id, received_at);

-- +goose Down
DROP TABLE welcome_sends;
DROP TABLE welcome_templates;
DROP TABLE transfer_items;
DROP TABLE transfers;
DROP TABLE contact_reconciliations;
ALTER TABLE follow_relations DROP COLUMN last_event_at;
DROP TABLE callback_inbox;

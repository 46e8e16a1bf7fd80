-- +goose Up
-- Conversation monitoring: alerts raised by the detectors (one per corp,
-- message and label set), their history, notes and four-eyes approvals,
-- and each corp's versioned catalog, policy and settings documents.
CREATE TABLE monitor_alerts (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    msgid            TEXT NOT NULL,
    conversation_id  TEXT NOT NULL DEFAULT '',
    msgtime          BIGINT NOT NULL DEFAULT 0,
    employee         TEXT NOT NULL DEFAULT '',
    labels           TEXT NOT NULL,
    severity         TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'open',
    assignee         TEXT NOT NULL DEFAULT '',
    disposition      TEXT NOT NULL DEFAULT '',
    case_number      TEXT NOT NULL DEFAULT '',
    dispositioned_by TEXT NOT NULL DEFAULT '',
    dispositioned_at BIGINT NOT NULL DEFAULT 0,
    needs_approval   INTEGER NOT NULL DEFAULT 0,
    closed_at        BIGINT NOT NULL DEFAULT 0,
    due_at           BIGINT NOT NULL DEFAULT 0,
    policy_version   TEXT NOT NULL DEFAULT '',
    qc_sample        INTEGER NOT NULL DEFAULT 0,
    hits             TEXT NOT NULL DEFAULT '[]',
    text             TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX monitor_alerts_key ON monitor_alerts (corp_id, msgid, labels);
CREATE INDEX monitor_alerts_queue ON monitor_alerts (corp_id, state, id);
CREATE INDEX monitor_alerts_conv ON monitor_alerts (corp_id, conversation_id);

CREATE TABLE monitor_alert_events (
    id         {{BIGSERIAL_PK}},
    alert_id   BIGINT NOT NULL,
    corp_id    TEXT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state   TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX monitor_alert_events_alert ON monitor_alert_events (alert_id, id);

CREATE TABLE monitor_alert_notes (
    id         {{BIGSERIAL_PK}},
    alert_id   BIGINT NOT NULL,
    corp_id    TEXT NOT NULL,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX monitor_alert_notes_alert ON monitor_alert_notes (alert_id, id);

CREATE TABLE monitor_alert_approvals (
    id         {{BIGSERIAL_PK}},
    alert_id   BIGINT NOT NULL,
    corp_id    TEXT NOT NULL,
    approver   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX monitor_alert_approvals_alert ON monitor_alert_approvals (alert_id, id);

-- kind: catalog, policy or settings; the highest version is in force.
CREATE TABLE monitor_configs (
    id         {{BIGSERIAL_PK}},
    corp_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX monitor_configs_key ON monitor_configs (corp_id, kind, version);

-- +goose Down
DROP TABLE monitor_configs;
DROP TABLE monitor_alert_approvals;
DROP TABLE monitor_alert_notes;
DROP TABLE monitor_alert_events;
DROP TABLE monitor_alerts;

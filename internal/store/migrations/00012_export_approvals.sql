-- +goose Up
-- Two-person approval of exports of conversation content: a request waits
-- until someone other than the requester approves or rejects it.
CREATE TABLE export_approvals (
    id                {{BIGSERIAL_PK}},
    corp_id           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    params            TEXT NOT NULL DEFAULT '{}',
    departments       TEXT NOT NULL DEFAULT '[]',
    reason            TEXT NOT NULL DEFAULT '',
    requested_by      TEXT NOT NULL,
    requested_by_kind TEXT NOT NULL,
    requested_by_id   BIGINT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'pending',
    decided_by        TEXT NOT NULL DEFAULT '',
    decided_by_kind   TEXT NOT NULL DEFAULT '',
    decided_by_id     BIGINT NOT NULL DEFAULT 0,
    decision_note     TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    decided_at        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX export_approvals_state ON export_approvals (corp_id, state, id);

-- +goose Down
DROP TABLE export_approvals;

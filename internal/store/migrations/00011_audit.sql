-- +goose Up
-- Signed checkpoints record the audit chain's head at a time. Both tables
-- are append-only; the triggers that enforce it differ by dialect and live
-- in 00011_audit.sqlite.sql and 00011_audit.postgres.sql.
CREATE TABLE audit_checkpoints (
    id             {{BIGSERIAL_PK}},
    at             BIGINT NOT NULL,
    last_event_id  BIGINT NOT NULL,
    last_hash      TEXT NOT NULL,
    event_count    BIGINT NOT NULL,
    key_id         TEXT NOT NULL,
    signature      TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_checkpoints;

-- +goose Up
-- Work shared across replicas: a lease row per unit of singleton work
-- (archive:<corp_id>, task:<name>). epoch grows each time the holder
-- changes; the ingest checks (holder, epoch) in the transaction that commits
-- messages and cursor, so a replica that lost its lease cannot commit.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    epoch       BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    acquired_at BIGINT NOT NULL,
    renewed_at  BIGINT NOT NULL
);
-- Replicas alive (heartbeat), so leases spread evenly over them.
CREATE TABLE replicas (
    id         TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL,
    version    TEXT NOT NULL
);

-- +goose Down
DROP TABLE replicas;
DROP TABLE leases;

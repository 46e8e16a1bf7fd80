-- +goose Up
-- Pending second-factor verifications, shared by every portal instance (no
-- sticky sessions). The session id is kept only as its SHA-256, the mailed
-- one-time code only as SHA-256 over the id and the code. used_at is set by
-- one conditional UPDATE, so a verification succeeds once across instances;
-- the unique tfa_code stops one WeCom tfa_code from backing two sessions.
CREATE TABLE tfa_sessions (
    id_hash      TEXT PRIMARY KEY,
    corp_id      TEXT NOT NULL,
    userid       TEXT NOT NULL,
    tfa_code     TEXT NOT NULL,
    email_masked TEXT NOT NULL DEFAULT '',
    otp_hash     TEXT NOT NULL,
    csrf         TEXT NOT NULL,
    first_join   INTEGER NOT NULL DEFAULT 0,
    tries        INTEGER NOT NULL DEFAULT 0,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX tfa_sessions_code ON tfa_sessions (corp_id, tfa_code);
CREATE INDEX tfa_sessions_expires ON tfa_sessions (expires_at);

-- Rate-limit hits (per IP, per member), counted over a sliding window.
CREATE TABLE tfa_attempts (
    id     {{BIGSERIAL_PK}},
    scope  TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX tfa_attempts_scope ON tfa_attempts (scope, at);
CREATE INDEX tfa_attempts_at ON tfa_attempts (at);

-- +goose Down
DROP TABLE tfa_attempts;
DROP TABLE tfa_sessions;

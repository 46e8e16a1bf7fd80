-- +goose Up
-- One-time enrolment links: an admin creating or resetting a local account
-- gets a link; the person opens it and sets their own password and TOTP, so
-- nobody else ever knows either. Only the token's SHA-256 is kept. The TOTP
-- seed offered on the page waits in totp_pending (sealed) until confirmed.
CREATE TABLE enrolments (
    id             {{BIGSERIAL_PK}},
    admin_id       BIGINT NOT NULL REFERENCES admin_users(id),
    token_hash     TEXT NOT NULL UNIQUE,
    totp_pending   TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT NOT NULL DEFAULT 0,
    ended_at       BIGINT NOT NULL DEFAULT 0,
    end_reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX enrolments_admin ON enrolments (admin_id);
CREATE INDEX enrolments_open ON enrolments (ended_at, expires_at);

-- A self-service TOTP change: the new seed (sealed) waits here until a code
-- from the old and one from the new confirm it.
ALTER TABLE admin_users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE admin_users DROP COLUMN totp_pending;
DROP TABLE enrolments;

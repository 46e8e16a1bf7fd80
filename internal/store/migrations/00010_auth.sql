-- +goose Up
-- Sign-in: TOTP replay guard, OIDC identity, API tokens, login history and
-- the short-lived state of OIDC sign-ins in progress.
ALTER TABLE admin_users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE admin_users ADD COLUMN oidc_provider TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'local';
ALTER TABLE sessions ADD COLUMN absolute_expires_at BIGINT NOT NULL DEFAULT 0;

CREATE TABLE api_tokens (
    id             {{BIGSERIAL_PK}},
    name           TEXT NOT NULL UNIQUE,
    token_hash     TEXT NOT NULL UNIQUE,
    prefix         TEXT NOT NULL,
    role           TEXT NOT NULL,
    corp_id        TEXT NOT NULL DEFAULT '',
    departments    TEXT NOT NULL DEFAULT '[]',
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL DEFAULT 0,
    revoked_at     BIGINT NOT NULL DEFAULT 0,
    last_used_at   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE login_history (
    id             {{BIGSERIAL_PK}},
    admin_id       BIGINT NOT NULL DEFAULT 0,
    username       TEXT NOT NULL,
    at             BIGINT NOT NULL,
    method         TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    ip             TEXT NOT NULL DEFAULT '',
    user_agent     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_history_admin ON login_history (admin_id, at);

CREATE TABLE oidc_logins (
    state_hash     TEXT PRIMARY KEY,
    provider       TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    verifier       TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);

-- +goose Down
DROP TABLE oidc_logins;
DROP TABLE login_history;
DROP TABLE api_tokens;

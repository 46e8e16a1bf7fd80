-- +goose Up
-- Initial schema. Every timestamp is BIGINT milliseconds since the Unix epoch
-- (UTC), the unit WeCom's archive uses for msgtime; it sorts and compares the
-- same way on both stores. Every row carries the WeCom corp_id it belongs to.

CREATE TABLE corps (
    corp_id      TEXT PRIMARY KEY,
    corp_key     TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    base_url     TEXT NOT NULL,
    agent_id     BIGINT NOT NULL DEFAULT 0,
    settings     TEXT NOT NULL DEFAULT '{}',
    source       TEXT NOT NULL DEFAULT 'config',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE departments (
    corp_id      TEXT NOT NULL REFERENCES corps(corp_id),
    dept_id      BIGINT NOT NULL,
    name         TEXT NOT NULL,
    name_en      TEXT NOT NULL DEFAULT '',
    parent_id    BIGINT NOT NULL DEFAULT 0,
    sort_order   BIGINT NOT NULL DEFAULT 0,
    path         TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (corp_id, dept_id)
);
CREATE INDEX departments_path ON departments (corp_id, path);

CREATE TABLE employees (
    id                 {{BIGSERIAL_PK}},
    corp_id            TEXT NOT NULL REFERENCES corps(corp_id),
    employee_id        TEXT,
    userid             TEXT,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL DEFAULT '',
    mobile             TEXT NOT NULL DEFAULT '',
    department_path    TEXT NOT NULL DEFAULT '',
    main_department    BIGINT NOT NULL DEFAULT 0,
    title              TEXT NOT NULL DEFAULT '',
    hr_status          TEXT NOT NULL DEFAULT 'active',
    wecom_status       INTEGER NOT NULL DEFAULT 0,
    real_name_verified INTEGER,
    archive_licence    INTEGER NOT NULL DEFAULT 0,
    archive_permitted  INTEGER NOT NULL DEFAULT 0,
    left_at            BIGINT,
    raw                TEXT NOT NULL DEFAULT '{}',
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE UNIQUE INDEX employees_userid ON employees (corp_id, userid);
CREATE UNIQUE INDEX employees_hr_id ON employees (corp_id, employee_id);
CREATE INDEX employees_dept ON employees (corp_id, department_path);

CREATE TABLE external_contacts (
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    external_userid  TEXT NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    contact_type     INTEGER NOT NULL DEFAULT 1,
    unionid          TEXT,
    corp_name        TEXT NOT NULL DEFAULT '',
    corp_full_name   TEXT NOT NULL DEFAULT '',
    position         TEXT NOT NULL DEFAULT '',
    gender           INTEGER NOT NULL DEFAULT 0,
    avatar           TEXT NOT NULL DEFAULT '',
    raw              TEXT NOT NULL DEFAULT '{}',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (corp_id, external_userid)
);

CREATE TABLE follow_relations (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    userid           TEXT NOT NULL,
    external_userid  TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'active',
    remark           TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    add_way          INTEGER NOT NULL DEFAULT 0,
    oper_userid      TEXT NOT NULL DEFAULT '',
    state_tag        TEXT NOT NULL DEFAULT '',
    added_at         BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX follow_relations_pair ON follow_relations (corp_id, userid, external_userid);
CREATE INDEX follow_relations_contact ON follow_relations (corp_id, external_userid);

CREATE TABLE follow_relation_history (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    userid           TEXT NOT NULL,
    external_userid  TEXT NOT NULL,
    from_state       TEXT NOT NULL DEFAULT '',
    to_state         TEXT NOT NULL,
    cause            TEXT NOT NULL,
    at               BIGINT NOT NULL,
    metadata         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX follow_relation_history_pair ON follow_relation_history (corp_id, userid, external_userid, at);

CREATE TABLE group_chats (
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    chat_id          TEXT NOT NULL,
    kind             TEXT NOT NULL DEFAULT 'customer',
    name             TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    notice           TEXT NOT NULL DEFAULT '',
    status           INTEGER NOT NULL DEFAULT 0,
    member_version   TEXT NOT NULL DEFAULT '',
    created_time     BIGINT NOT NULL DEFAULT 0,
    dismissed_at     BIGINT,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (corp_id, chat_id)
);

CREATE TABLE group_chat_members (
    corp_id          TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    member_id        TEXT NOT NULL,
    member_type      INTEGER NOT NULL DEFAULT 1,
    unionid          TEXT,
    join_time        BIGINT NOT NULL DEFAULT 0,
    join_scene       INTEGER NOT NULL DEFAULT 0,
    invitor          TEXT NOT NULL DEFAULT '',
    left_at          BIGINT,
    PRIMARY KEY (corp_id, chat_id, member_id),
    FOREIGN KEY (corp_id, chat_id) REFERENCES group_chats (corp_id, chat_id)
);

CREATE TABLE archive_cursors (
    corp_id          TEXT PRIMARY KEY REFERENCES corps(corp_id),
    seq              BIGINT NOT NULL DEFAULT 0,
    last_pull_at     BIGINT NOT NULL DEFAULT 0,
    last_message_at  BIGINT NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    last_error_at    BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE messages (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    msgid            TEXT NOT NULL,
    seq              BIGINT NOT NULL,
    publickey_ver    INTEGER NOT NULL DEFAULT 0,
    action           TEXT NOT NULL DEFAULT 'send',
    msgtype          TEXT NOT NULL DEFAULT '',
    from_id          TEXT NOT NULL DEFAULT '',
    tolist           TEXT NOT NULL DEFAULT '[]',
    roomid           TEXT NOT NULL DEFAULT '',
    conversation_id  TEXT NOT NULL DEFAULT '',
    msgtime          BIGINT NOT NULL DEFAULT 0,
    content          TEXT NOT NULL DEFAULT '',
    pre_msgid        TEXT NOT NULL DEFAULT '',
    has_media        INTEGER NOT NULL DEFAULT 0,
    parse_status     TEXT NOT NULL DEFAULT 'ok',
    raw              TEXT NOT NULL DEFAULT '{}',
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX messages_msgid ON messages (corp_id, msgid);
CREATE INDEX messages_time ON messages (corp_id, msgtime);
CREATE INDEX messages_conversation ON messages (corp_id, conversation_id, msgtime);
CREATE INDEX messages_seq ON messages (corp_id, seq);
CREATE INDEX messages_pre ON messages (corp_id, pre_msgid);

CREATE TABLE media (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    msgid            TEXT NOT NULL,
    sdkfileid        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    filename         TEXT NOT NULL DEFAULT '',
    fileext          TEXT NOT NULL DEFAULT '',
    declared_size    BIGINT NOT NULL DEFAULT 0,
    md5sum           TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    blob_key         TEXT NOT NULL DEFAULT '',
    sha256           TEXT NOT NULL DEFAULT '',
    size             BIGINT NOT NULL DEFAULT 0,
    content_type     TEXT NOT NULL DEFAULT '',
    scan_result      TEXT NOT NULL DEFAULT '',
    scan_signature   TEXT NOT NULL DEFAULT '',
    duration_ms      BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX media_file ON media (corp_id, msgid, sdkfileid);
CREATE INDEX media_state ON media (corp_id, state);

CREATE TABLE jobs (
    id               {{BIGSERIAL_PK}},
    kind             TEXT NOT NULL,
    corp_id          TEXT NOT NULL DEFAULT '',
    dedupe_key       TEXT,
    payload          TEXT NOT NULL DEFAULT '{}',
    state            TEXT NOT NULL DEFAULT 'queued',
    priority         INTEGER NOT NULL DEFAULT 0,
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL DEFAULT 10,
    run_at           BIGINT NOT NULL,
    lease_owner      TEXT NOT NULL DEFAULT '',
    lease_expires_at BIGINT NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    progress_done    BIGINT NOT NULL DEFAULT 0,
    progress_total   BIGINT NOT NULL DEFAULT 0,
    progress_note    TEXT NOT NULL DEFAULT '',
    result           TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    finished_at      BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (kind, dedupe_key);
CREATE INDEX jobs_ready ON jobs (state, run_at, priority);
CREATE INDEX jobs_kind_state ON jobs (kind, state);

CREATE TABLE audit_events (
    id               {{BIGSERIAL_PK}},
    at               BIGINT NOT NULL,
    actor            TEXT NOT NULL,
    actor_type       TEXT NOT NULL DEFAULT 'admin',
    ip               TEXT NOT NULL DEFAULT '',
    user_agent       TEXT NOT NULL DEFAULT '',
    action           TEXT NOT NULL,
    target           TEXT NOT NULL DEFAULT '',
    corp_id          TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    request_id       TEXT NOT NULL DEFAULT '',
    metadata         TEXT NOT NULL DEFAULT '{}',
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor, at);
CREATE INDEX audit_events_action ON audit_events (action, at);

CREATE TABLE admin_users (
    id                {{BIGSERIAL_PK}},
    username          TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL DEFAULT 'local',
    password_hash     TEXT NOT NULL DEFAULT '',
    totp_secret       TEXT NOT NULL DEFAULT '',
    oidc_subject      TEXT,
    disabled          INTEGER NOT NULL DEFAULT 0,
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    locked_until      BIGINT NOT NULL DEFAULT 0,
    last_login_at     BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE UNIQUE INDEX admin_users_oidc ON admin_users (oidc_subject);

CREATE TABLE admin_roles (
    admin_id          BIGINT NOT NULL REFERENCES admin_users(id),
    role              TEXT NOT NULL,
    corp_id           TEXT NOT NULL DEFAULT '',
    departments       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (admin_id, role, corp_id)
);

CREATE TABLE sessions (
    id_hash           TEXT PRIMARY KEY,
    admin_id          BIGINT NOT NULL REFERENCES admin_users(id),
    csrf_token        TEXT NOT NULL,
    ip                TEXT NOT NULL DEFAULT '',
    user_agent        TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    last_seen_at      BIGINT NOT NULL,
    expires_at        BIGINT NOT NULL,
    revoked_at        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sessions_admin ON sessions (admin_id);

-- +goose Down
DROP TABLE sessions;
DROP TABLE admin_roles;
DROP TABLE admin_users;
DROP TABLE audit_events;
DROP TABLE jobs;
DROP TABLE media;
DROP TABLE messages;
DROP TABLE archive_cursors;
DROP TABLE group_chat_members;
DROP TABLE group_chats;
DROP TABLE follow_relation_history;
DROP TABLE follow_relations;
DROP TABLE external_contacts;
DROP TABLE employees;
DROP TABLE departments;
DROP TABLE corps;

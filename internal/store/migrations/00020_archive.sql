-- +goose Up
-- Conversation archive: completeness counters and status on the cursor,
-- quarantined records, conversations, the msgaudit room cache, and the
-- archive permit list and consent state with its history.

ALTER TABLE archive_cursors ADD COLUMN seq_gaps BIGINT NOT NULL DEFAULT 0;
-- Typed fields of the message body by msgtype (JSON), beside content and raw.
ALTER TABLE messages ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
ALTER TABLE archive_cursors ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE archive_cursors ADD COLUMN last_caught_up_at BIGINT NOT NULL DEFAULT 0;

-- A record we could not decrypt or parse: kept with its seq and reason,
-- encrypted record included, so it can be retried once a key is supplied.
CREATE TABLE archive_quarantine (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    seq              BIGINT NOT NULL,
    msgid            TEXT NOT NULL DEFAULT '',
    publickey_ver    INTEGER NOT NULL DEFAULT 0,
    reason           TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    record           TEXT NOT NULL DEFAULT '{}',
    resolved_at      BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX archive_quarantine_seq ON archive_quarantine (corp_id, seq);

CREATE TABLE conversations (
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    conversation_id  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    roomid           TEXT NOT NULL DEFAULT '',
    participants     TEXT NOT NULL DEFAULT '[]',
    first_msgtime    BIGINT NOT NULL DEFAULT 0,
    last_msgtime     BIGINT NOT NULL DEFAULT 0,
    message_count    BIGINT NOT NULL DEFAULT 0,
    consent          TEXT NOT NULL DEFAULT 'unknown',
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (corp_id, conversation_id)
);
CREATE INDEX conversations_last ON conversations (corp_id, last_msgtime);

-- msgaudit/groupchat/get answers, cached.
CREATE TABLE archive_rooms (
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    roomid           TEXT NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    creator          TEXT NOT NULL DEFAULT '',
    notice           TEXT NOT NULL DEFAULT '',
    room_create_time BIGINT NOT NULL DEFAULT 0,
    members          TEXT NOT NULL DEFAULT '[]',
    fetch_error      TEXT NOT NULL DEFAULT '',
    fetched_at       BIGINT NOT NULL,
    PRIMARY KEY (corp_id, roomid)
);

CREATE TABLE archive_permit_users (
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    userid           TEXT NOT NULL,
    permitted        INTEGER NOT NULL DEFAULT 1,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (corp_id, userid)
);

-- Current consent per (employee, external contact) pair or per (room,
-- external contact); roomid is '' for 1:1, userid is '' for rooms.
CREATE TABLE archive_consent (
    corp_id          TEXT NOT NULL REFERENCES corps(corp_id),
    userid           TEXT NOT NULL DEFAULT '',
    external_userid  TEXT NOT NULL,
    roomid           TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    changed_at       BIGINT NOT NULL DEFAULT 0,
    checked_at       BIGINT NOT NULL,
    PRIMARY KEY (corp_id, userid, external_userid, roomid)
);

CREATE TABLE archive_consent_history (
    id               {{BIGSERIAL_PK}},
    corp_id          TEXT NOT NULL,
    userid           TEXT NOT NULL DEFAULT '',
    external_userid  TEXT NOT NULL,
    roomid           TEXT NOT NULL DEFAULT '',
    from_status      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    changed_at       BIGINT NOT NULL DEFAULT 0,
    source           TEXT NOT NULL DEFAULT 'sync',
    recorded_at      BIGINT NOT NULL
);
CREATE INDEX archive_consent_history_pair ON archive_consent_history (corp_id, external_userid, recorded_at);

-- +goose Down
DROP TABLE archive_consent_history;
DROP TABLE archive_consent;
DROP TABLE archive_permit_users;
DROP TABLE archive_rooms;
DROP TABLE conversations;
DROP TABLE archive_quarantine;
ALTER TABLE archive_cursors DROP COLUMN last_caught_up_at;
ALTER TABLE archive_cursors DROP COLUMN status;
ALTER TABLE archive_cursors DROP COLUMN seq_gaps;
ALTER TABLE messages DROP COLUMN meta;

-- +goose Up
-- The conversation archive of corps added through the API: source and URL
-- (source '' = no archive). revision moves with every change of the archive
-- settings, secret or keys, so every portal instance sees that its ingest
-- loop must be rebuilt.
CREATE TABLE corp_archive (
    corp_id      TEXT PRIMARY KEY REFERENCES corps(corp_id),
    source       TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    revision     BIGINT NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL
);

-- Archive private keys by publickey_ver, sealed (secretbox, bound to
-- "<corp_id>/archive_key_v<version>"). Never returned by the API; only the
-- SHA-256 fingerprint of the public key is. Keys are only ever added: old
-- messages stay encrypted to old versions.
CREATE TABLE corp_archive_keys (
    corp_id      TEXT NOT NULL REFERENCES corps(corp_id),
    version      BIGINT NOT NULL,
    private_key  TEXT NOT NULL,
    fingerprint  TEXT NOT NULL DEFAULT '',
    added_at     BIGINT NOT NULL,
    PRIMARY KEY (corp_id, version)
);

-- Keys stored before this table, as corp secrets "archive_key_v<N>" (same
-- sealing context, so they open unchanged; the fingerprint is filled in by
-- the portal the first time it opens them).
INSERT INTO corp_archive_keys (corp_id, version, private_key, fingerprint, added_at)
    SELECT corp_id, CAST(substr(kind, 14) AS BIGINT), value, '', updated_at FROM corp_secrets
    WHERE substr(kind, 1, 13) = 'archive_key_v' AND value <> '';
DELETE FROM corp_secrets WHERE substr(kind, 1, 13) = 'archive_key_v';

-- +goose Down
INSERT INTO corp_secrets (corp_id, kind, value, updated_at)
    SELECT corp_id, 'archive_key_v' || CAST(version AS TEXT), private_key, added_at FROM corp_archive_keys;
DROP TABLE corp_archive_keys;
DROP TABLE corp_archive;

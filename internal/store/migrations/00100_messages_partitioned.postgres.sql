-- +goose Up
-- Messages (and with them the search index: the tsvector rides in the row)
-- are partitioned by month of msgtime on PostgreSQL, so retention drops a
-- month whole and a query with a time bound reads only its months. A new
-- (empty) table is converted here; a table that already holds messages is
-- left as it is (every query works on both shapes). Partitions are named
-- messages_pYYYYMM (UTC months, store.EnsureMessagePartitions creates them
-- ahead); messages_default takes any msgtime no month covers.
--
-- PostgreSQL requires every unique index of a partitioned table to hold the
-- partition key: the primary key becomes (id, msgtime) and the
-- de-duplication key (corp_id, msgid, msgtime). WeCom redelivers a message
-- with its msgtime, so a redelivery still conflicts and is stored once.
-- Indexes are copied from the old table by definition, so one added by an
-- earlier version is kept.
-- +goose StatementBegin
DO $$
DECLARE
    next_id BIGINT;
    defs    TEXT[];
    def     TEXT;
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = 'messages'::regclass) = 'p' OR EXISTS (SELECT 1 FROM messages) THEN
        RETURN;
    END IF;
    SELECT COALESCE(last_value, 0) + 1 INTO next_id FROM pg_sequences
        WHERE schemaname = current_schema() AND sequencename = 'messages_id_seq';
    SELECT array_agg(indexdef ORDER BY indexname) INTO defs FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'messages' AND indexname <> 'messages_pkey';
    CREATE TABLE messages_partitioned (LIKE messages INCLUDING DEFAULTS INCLUDING IDENTITY)
        PARTITION BY RANGE (msgtime);
    DROP TABLE messages;
    ALTER TABLE messages_partitioned RENAME TO messages;
    ALTER SEQUENCE messages_partitioned_id_seq RENAME TO messages_id_seq;
    ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id, msgtime);
    ALTER TABLE messages ADD CONSTRAINT messages_corp_id_fkey FOREIGN KEY (corp_id) REFERENCES corps (corp_id);
    FOREACH def IN ARRAY COALESCE(defs, '{}') LOOP
        IF def LIKE 'CREATE UNIQUE INDEX %' THEN
            IF def ~ ' WHERE ' THEN
                RAISE EXCEPTION 'messages: partial unique index cannot be partitioned: %', def;
            END IF;
            def := regexp_replace(def, '\)$', ', msgtime)');
        END IF;
        EXECUTE def;
    END LOOP;
    CREATE TABLE messages_default PARTITION OF messages DEFAULT;
    EXECUTE format('ALTER TABLE messages ALTER COLUMN id RESTART WITH %s', next_id);
END $$;
-- +goose StatementEnd

-- +goose Down
-- Back to one table, only while it is empty (rows would need a copy).
-- +goose StatementBegin
DO $$
DECLARE
    defs TEXT[];
    def  TEXT;
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = 'messages'::regclass) <> 'p' THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM messages) THEN
        RAISE EXCEPTION 'messages is partitioned and holds rows: copy them to a plain table first';
    END IF;
    SELECT array_agg(indexdef ORDER BY indexname) INTO defs FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'messages' AND indexname <> 'messages_pkey';
    CREATE TABLE messages_plain (LIKE messages INCLUDING DEFAULTS INCLUDING IDENTITY);
    DROP TABLE messages;
    ALTER TABLE messages_plain RENAME TO messages;
    ALTER SEQUENCE messages_plain_id_seq RENAME TO messages_id_seq;
    ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id);
    ALTER TABLE messages ADD CONSTRAINT messages_corp_id_fkey FOREIGN KEY (corp_id) REFERENCES corps (corp_id);
    FOREACH def IN ARRAY COALESCE(defs, '{}') LOOP
        EXECUTE regexp_replace(def, ', msgtime\)$', ')');
    END LOOP;
END $$;
-- +goose StatementEnd

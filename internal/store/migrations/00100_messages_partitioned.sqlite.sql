-- +goose Up
-- PostgreSQL only (00100_messages_partitioned.postgres.sql): SQLite is one
-- file on one node and keeps one messages table.
SELECT 1;

-- +goose Down
SELECT 1;

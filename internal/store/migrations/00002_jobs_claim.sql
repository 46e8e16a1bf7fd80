-- +goose Up
-- started_at: when the current (or last) attempt began, for the UI.
ALTER TABLE jobs ADD COLUMN started_at BIGINT NOT NULL DEFAULT 0;
-- The claim query scans this index in claim order and stops at the first
-- due row; only live rows (queued, running) are in it, so finished history
-- never slows a claim down.
CREATE INDEX jobs_claim ON jobs (priority DESC, run_at, id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_corp ON jobs (corp_id, id);
-- jobs_claim supersedes it; one index fewer to write on every state change.
DROP INDEX jobs_ready;

-- +goose Down
CREATE INDEX jobs_ready ON jobs (state, run_at, priority);
DROP INDEX jobs_corp;
DROP INDEX jobs_claim;
ALTER TABLE jobs DROP COLUMN started_at;

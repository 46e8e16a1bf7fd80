-- +goose Up
-- The audit trail is append-only: triggers refuse UPDATE and DELETE, so even
-- a stray statement cannot rewrite history.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;

-- +goose Down
DROP TRIGGER audit_checkpoints_no_delete;
DROP TRIGGER audit_checkpoints_no_update;
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER audit_events_no_update;

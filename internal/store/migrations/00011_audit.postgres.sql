-- +goose Up
-- The audit trail is append-only: no role but the owner may change it, and
-- a trigger refuses UPDATE, DELETE and TRUNCATE even for the owner.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;

-- +goose StatementBegin
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM PUBLIC;
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- +goose Down
DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints;
DROP TRIGGER audit_events_no_truncate ON audit_events;
DROP TRIGGER audit_events_append_only ON audit_events;
DROP FUNCTION audit_refuse_change();

package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store/storetest"
)

func TestStatusExtras(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwa", "a")
		storetest.SeedCorp(t, b.Store, "wwb", "b")
		storetest.Exec(t, b.Store,
			`INSERT INTO conversations (corp_id, conversation_id, kind, consent, updated_at) VALUES
				('wwa', 'c1', 'single', 'agreed', 1), ('wwa', 'c2', 'single', 'agreed', 1), ('wwa', 'c3', 'single', 'refused', 1), ('wwa', 'c4', 'group', 'none', 1)`,
			`INSERT INTO employees (corp_id, employee_id, userid, name, archive_licence, archive_permitted, created_at, updated_at) VALUES
				('wwa', 'e1', 'u1', 'A', 1, 1, 1, 1), ('wwa', 'e2', 'u2', 'B', 1, 0, 1, 1), ('wwa', 'e3', 'u3', 'C', 0, 0, 1, 1)`,
			`INSERT INTO account_settings (corp_id, settings, updated_at) VALUES ('wwa', '{"licence_quota":5}', 1)`,
			`INSERT INTO callback_inbox (corp_id, dedupe_key, payload, state, last_error, received_at) VALUES
				('wwa', 'k1', '{}', 'done', '', 100), ('wwa', 'k2', '{}', 'failed', 'boom', 200)`,
			`INSERT INTO sync_runs (corp_id, state, created_at, updated_at) VALUES ('wwa', 'planned', 10, 10), ('wwa', 'applied', 20, 20)`,
			`INSERT INTO archive_quarantine (corp_id, seq, publickey_ver, reason, created_at) VALUES
				('wwa', 1, 3, 'missing_key', 1), ('wwa', 2, 3, 'missing_key', 1), ('wwa', 3, 1, 'bad_record', 1)`,
		)
		got, err := b.Store.StatusExtras(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a, bb := got["wwa"], got["wwb"]
		if a == nil || bb == nil {
			t.Fatalf("extras = %+v", got)
		}
		if a.Consent["agreed"] != 2 || a.Consent["refused"] != 1 || a.Consent["none"] != 1 || len(bb.Consent) != 0 {
			t.Fatalf("consent = %+v / %+v", a.Consent, bb.Consent)
		}
		if a.Licensed != 2 || a.Permitted != 1 || a.SettingsJSON != `{"licence_quota":5}` {
			t.Fatalf("licences = %d %d %q", a.Licensed, a.Permitted, a.SettingsJSON)
		}
		if a.Callbacks["done"] != 1 || a.Callbacks["failed"] != 1 || a.LastCallbackAt != 200 || a.CallbackError != "boom" || bb.LastCallbackAt != 0 {
			t.Fatalf("callbacks = %+v %d %q", a.Callbacks, a.LastCallbackAt, a.CallbackError)
		}
		if a.LastSync.State != "applied" || a.LastSync.CreatedAt != 20 || bb.LastSync.ID != 0 {
			t.Fatalf("sync = %+v / %+v", a.LastSync, bb.LastSync)
		}
		if len(a.KeyQuarantine) != 2 || a.KeyQuarantine[0].Version != 1 || a.KeyQuarantine[1].Version != 3 || a.KeyQuarantine[1].Count != 2 {
			t.Fatalf("quarantine = %+v", a.KeyQuarantine)
		}
	})
}

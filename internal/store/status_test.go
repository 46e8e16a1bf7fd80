package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store/storetest"
)

func TestStatusCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwa", "a")
		storetest.SeedCorp(t, b.Store, "wwb", "b")
		storetest.Exec(t, b.Store,
			`INSERT INTO archive_cursors (corp_id, seq, last_error, updated_at) VALUES ('wwa', 42, 'no permit', 1)`,
			`INSERT INTO messages (corp_id, msgid, seq, msgtype, created_at) VALUES ('wwa', 'm1', 1, 'text', 1), ('wwa', 'm2', 2, 'text', 1), ('wwa', 'm3', 3, 'voice', 1)`,
			`INSERT INTO media (corp_id, msgid, sdkfileid, kind, state, created_at, updated_at) VALUES ('wwa', 'm3', 'f', 'voice', 'pending', 1, 1)`,
			`INSERT INTO jobs (kind, state, run_at, created_at, updated_at) VALUES ('media.download', 'queued', 1, 1, 1), ('media.download', 'queued', 1, 1, 1)`,
		)
		got, err := b.Store.StatusCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Key != "a" || got[0].CursorSeq != 42 || got[0].LastError != "no permit" {
			t.Fatalf("corps = %+v", got)
		}
		if got[0].MessagesByType["text"] != 2 || got[0].MessagesByType["voice"] != 1 || got[0].MediaByState["pending"] != 1 {
			t.Fatalf("counts = %+v", got[0])
		}
		if len(got[1].MessagesByType) != 0 {
			t.Fatalf("corp b counts = %+v", got[1])
		}
		jc, err := b.Store.JobCounts(ctx)
		if err != nil || len(jc) != 1 || jc[0].N != 2 {
			t.Fatalf("job counts = %+v, %v", jc, err)
		}
	})
}

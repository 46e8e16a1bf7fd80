package retention_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestSweepIsFenced: each deleting transaction runs the fence; when it
// refuses (this replica lost the sweep's lease to another), nothing is
// deleted and the sweep stops with the fence's error.
func TestSweepIsFenced(t *testing.T) {
	lost := errors.New("lease lost")
	cases := []struct {
		name        string
		fence       func(context.Context) error
		wantDeleted int
		wantErr     error
	}{
		{"no fence (one node)", nil, 2, nil},
		{"lease held", func(context.Context) error { return nil }, 2, nil},
		{"lease lost", func(context.Context) error { return lost }, 0, lost},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				st := b.Store
				storetest.SeedCorp(t, st, "wwc1", "c1")
				now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
				for i, id := range []string{"old-a", "old-b"} {
					if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: id, Seq: int64(i + 1), MsgType: "text",
						From: "e0", ToList: `["wmx"]`, MsgTime: now.Add(-400 * 24 * time.Hour).UnixMilli()}); err != nil {
						t.Fatal(err)
					}
				}
				svc := retention.New(st, audit.New(st, nil, nil), &blobs{}, retention.Options{FloorDays: 180, Fence: c.fence})
				svc.SetClock(func() time.Time { return now })
				if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365}); err != nil {
					t.Fatal(err)
				}
				res, err := svc.Run(ctx, "wwc1")
				if !errors.Is(err, c.wantErr) || res.Deleted != c.wantDeleted {
					t.Fatalf("run: deleted %d, err %v; want %d, %v", res.Deleted, err, c.wantDeleted, c.wantErr)
				}
				if _, err := st.MessageByMsgID(ctx, "wwc1", "old-a"); (err == nil) != (c.wantDeleted == 0) {
					t.Errorf("old-a after the sweep: %v", err)
				}
			})
		})
	}
}

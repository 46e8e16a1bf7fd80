package retention_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestSweepDropsEmptiedPartitions: on partitioned PostgreSQL a month whose
// every row the sweep deleted (due, unheld) is detached and dropped, a
// month that keeps a held row stays, and the certificates count every
// deleted row. SQLite deletes the same rows and has no partitions.
func TestSweepDropsEmptiedPartitions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		jan, mar := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
		msgs := []struct {
			id, from string
			at       time.Time
		}{
			{"jan-1", "e0", jan}, {"jan-2", "e0", jan.Add(time.Hour)}, {"jan-3", "wmx", jan.Add(2 * time.Hour)},
			{"mar-1", "e0", mar}, {"mar-held", "e1", mar.Add(time.Hour)},
		}
		for i, m := range msgs {
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: m.id, Seq: int64(i + 1), MsgType: "text",
				From: m.from, ToList: `["wmhcp"]`, MsgTime: m.at.UnixMilli(), Content: "不良反应 " + m.id}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.EnsureMessagePartitions(ctx, now, store.PartitionsAhead); err != nil {
			t.Fatal(err)
		}
		names := func() []string {
			ps, err := st.MessagePartitions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range ps {
				out = append(out, p.Name)
			}
			return out
		}
		if b.Name == "postgres" && (!slices.Contains(names(), "messages_p202501") || !slices.Contains(names(), "messages_p202503")) {
			t.Fatalf("partitions %v lack January and March 2025", names())
		}
		rec := audit.New(st, nil, nil)
		svc := retention.New(st, rec, &blobs{}, retention.Options{FloorDays: 180, Batch: 2})
		svc.SetClock(func() time.Time { return now })
		if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveHold(ctx, store.LegalHold{CorpID: "wwc1", Matter: "案件B", Employees: []string{"e1"}}); err != nil {
			t.Fatal(err)
		}
		res, err := svc.RunAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Deleted != 4 || res[0].Held != 1 {
			t.Fatalf("sweep = %+v, want 4 deleted, 1 held", res)
		}
		certified := 0
		evs, err := st.ListAudit(ctx, store.AuditFilter{Action: audit.RetentionPurge, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			var cert struct{ Count int }
			if err := json.Unmarshal([]byte(e.Metadata), &cert); err != nil {
				t.Fatal(err)
			}
			certified += cert.Count
		}
		if certified != 4 {
			t.Fatalf("certificates count %d deleted messages, want 4", certified)
		}
		if _, err := st.MessageByMsgID(ctx, "wwc1", "mar-held"); err != nil {
			t.Fatalf("the held message: %v", err)
		}
		left := names()
		if b.Name == "sqlite" {
			if len(left) != 0 {
				t.Fatalf("SQLite partitions %v", left)
			}
			return
		}
		if slices.Contains(left, "messages_p202501") || !slices.Contains(left, "messages_p202503") {
			t.Fatalf("partitions after the sweep %v: want January dropped, March (a held row) kept", left)
		}
		cur := time.Now().UTC()
		if want := monthName(cur); !slices.Contains(left, want) {
			t.Fatalf("the current month %s was dropped: %v", want, left)
		}
	})
}

func monthName(t time.Time) string { return "messages_p" + t.Format("200601") }

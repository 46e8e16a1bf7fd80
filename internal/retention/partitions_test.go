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

// TestSweepDropsWholeDueMonths: on partitioned PostgreSQL a past month
// whose every row is due with no hold over it is dropped whole, certified
// from its rows (one certificate naming the partition); a month with one
// held message and a month with one row not yet due stay, and only their
// due, unheld rows are deleted (row certificates). SQLite deletes the same
// rows one batch at a time.
func TestSweepDropsWholeDueMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		jan, mar, nov := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC),
			time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC)
		msgs := []struct {
			id, from string
			at       time.Time
		}{
			{"jan-1", "e0", jan}, {"jan-2", "e0", jan.Add(time.Hour)}, {"jan-3", "wmx", jan.Add(2 * time.Hour)},
			{"mar-1", "e0", mar}, {"mar-held", "e1", mar.Add(time.Hour)},
			{"nov-due", "e0", nov}, {"nov-young", "e0", nov.AddDate(0, 0, 20)}, // 365 days end on 2025-11-24
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
		rec := audit.New(st, nil, nil)
		svc := retention.New(st, rec, &blobs{}, retention.Options{FloorDays: 180, Batch: 2})
		svc.SetClock(func() time.Time { return now })
		if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveHold(ctx, store.LegalHold{CorpID: "wwc1", Matter: "案件C", Employees: []string{"e1"},
			FromTime: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), ToTime: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC).UnixMilli()}); err != nil {
			t.Fatal(err)
		}
		res, err := svc.RunAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantDropped := map[string]int{"postgres": 1, "sqlite": 0}[b.Name]
		if len(res) != 1 || res[0].Deleted != 5 || res[0].Held != 1 || res[0].PartitionsDropped != wantDropped {
			t.Fatalf("sweep = %+v, want 5 deleted, 1 held, %d months dropped whole", res, wantDropped)
		}
		evs, err := st.ListAudit(ctx, store.AuditFilter{Action: audit.RetentionPurge, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		certified, whole := 0, map[string]int{}
		for _, e := range evs {
			var cert struct {
				Count     int
				Partition string
				SHA256    string
			}
			if err := json.Unmarshal([]byte(e.Metadata), &cert); err != nil {
				t.Fatal(err)
			}
			if cert.SHA256 == "" {
				t.Fatalf("certificate without a hash: %s", e.Metadata)
			}
			certified += cert.Count
			if cert.Partition != "" {
				whole[cert.Partition] += cert.Count
			}
		}
		if certified != 5 {
			t.Fatalf("certificates count %d deleted messages, want 5", certified)
		}
		for _, id := range []string{"mar-held", "nov-young"} {
			if _, err := st.MessageByMsgID(ctx, "wwc1", id); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
		for _, id := range []string{"jan-1", "mar-1", "nov-due"} {
			if _, err := st.MessageByMsgID(ctx, "wwc1", id); err == nil {
				t.Fatalf("%s was kept", id)
			}
		}
		left := partitionNames(t, st)
		if b.Name == "sqlite" {
			if len(whole) != 0 || len(left) != 0 {
				t.Fatalf("SQLite: whole-month certificates %v, partitions %v", whole, left)
			}
			return
		}
		if whole["messages_p202501"] != 3 || len(whole) != 1 {
			t.Fatalf("whole-month certificates %v, want January's 3 rows", whole)
		}
		if err := st.ExecRaw(ctx, `DO $$ BEGIN IF to_regclass('messages_p202501') IS NOT NULL THEN
			RAISE EXCEPTION 'messages_p202501 exists'; END IF; END $$`); err != nil {
			t.Fatalf("the dropped month's table: %v", err)
		}
		if slices.Contains(left, "messages_p202501") || !slices.Contains(left, "messages_p202503") || !slices.Contains(left, "messages_p202511") {
			t.Fatalf("partitions after the sweep %v: want January dropped, March (a held row) and November (a row not due) kept", left)
		}
	})
}

func partitionNames(t *testing.T, st *store.Store) []string {
	t.Helper()
	ps, err := st.MessagePartitions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

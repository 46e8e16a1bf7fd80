package retention_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

type blobs struct{ deleted []string }

func (b *blobs) Delete(_ context.Context, k string) error {
	b.deleted = append(b.deleted, k)
	return nil
}

// TestSweep: rules by corp, msgtype and department delete exactly the
// messages past their age, never a held one, with index entries and media.
func TestSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		storetest.Exec(t, st, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
			VALUES ('wwc1', 'e0', '张三', '总部/医学部', 0, 0), ('wwc1', 'e1', '李四', '总部/销售部', 0, 0)`)
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		day := int64(24 * time.Hour / time.Millisecond)
		type msg struct {
			id, from, typ string
			age           int64 // days
		}
		msgs := []msg{
			{"old-e0", "e0", "text", 400}, {"old-e1", "e1", "text", 400}, {"mid-e0", "e0", "text", 250},
			{"mid-e1", "e1", "text", 250}, {"new-e0", "e0", "text", 10}, {"img-e1", "e1", "image", 250},
			{"held-e1", "e1", "text", 500}, {"contact", "wmx", "text", 400},
		}
		for i, m := range msgs {
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: m.id, Seq: int64(i + 1), MsgType: m.typ,
				From: m.from, ToList: `["wmhcp"]`, MsgTime: now.UnixMilli() - m.age*day, Content: "不良反应 " + m.id}); err != nil {
				t.Fatal(err)
			}
		}
		storetest.Exec(t, st, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, blob_key, created_at, updated_at)
			VALUES ('wwc1', 'img-e1', 'f1', 'image', 'media/aa/bb', 0, 0)`)
		rec := audit.New(st, nil, nil)
		bl := &blobs{}
		svc := retention.New(st, rec, bl, retention.Options{FloorDays: 180, Batch: 2})
		svc.SetClock(func() time.Time { return now })
		if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 30}); err == nil {
			t.Fatal("a rule under the floor was accepted")
		}
		for _, r := range []store.RetentionRule{
			{CorpID: "wwc1", Days: 365},                       // corp-wide
			{CorpID: "wwc1", Department: "总部/销售部", Days: 200}, // sales: shorter
			{CorpID: "wwc1", MsgType: "image", Days: 1000},    // images kept longer
		} {
			if _, err := svc.SetRule(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		h, err := svc.SaveHold(ctx, store.LegalHold{CorpID: "wwc1", Matter: "案件A", Employees: []string{"e1"},
			ToTime: now.UnixMilli() - 450*day})
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Run(ctx, "wwc1")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"contact", "mid-e1", "old-e0", "old-e1"}
		var left []string
		q, _ := textindex.Parse("不良")
		hits, _ := st.SearchMessages(ctx, q, store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 100)
		for _, m := range hits {
			left = append(left, m.MsgID)
		}
		slices.Sort(left)
		if !slices.Equal(left, []string{"held-e1", "img-e1", "mid-e0", "new-e0"}) || res.Deleted != len(want) || res.Held != 1 {
			t.Fatalf("left %v, result %+v", left, res)
		}
		n, _, _ := st.CountSearch(ctx, q, store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 100)
		if n != 4 {
			t.Fatalf("index still counts %d", n)
		}
		evs, _ := st.ListAudit(ctx, store.AuditFilter{Action: audit.RetentionPurge, Limit: 10})
		total := 0
		for _, e := range evs {
			if !strings.Contains(e.Metadata, `"sha256"`) {
				t.Fatalf("certificate %s", e.Metadata)
			}
			var c int
			fmt.Sscanf(e.Metadata[strings.Index(e.Metadata, `"count":`)+8:], "%d", &c)
			total += c
		}
		if total != 4 {
			t.Fatalf("certificates count %d", total)
		}
		// Released, the hold no longer protects; the image is still young for its rule.
		if _, err := svc.ReleaseHold(ctx, "wwc1", h.ID, "matter closed"); err != nil {
			t.Fatal(err)
		}
		if res, err = svc.Run(ctx, "wwc1"); err != nil || res.Deleted != 1 {
			t.Fatalf("after release %+v %v", res, err)
		}
		if len(bl.deleted) != 0 {
			t.Fatalf("blobs deleted %v", bl.deleted)
		}
		now = now.Add(800 * 24 * time.Hour)
		if res, err = svc.Run(ctx, "wwc1"); err != nil || res.Deleted != 3 || len(bl.deleted) != 1 {
			t.Fatalf("later %+v %v %v", res, err, bl.deleted)
		}
	})
}

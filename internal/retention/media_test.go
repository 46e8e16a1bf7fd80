package retention_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestSweepMediaBlobs: deleting a message deletes its media rows and
// transcripts, and a blob object (original, playable copy, thumbnail)
// only when no remaining message of any corp references the same content.
func TestSweepMediaBlobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		storetest.SeedCorp(t, st, "wwc2", "c2")
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		day := int64(24 * time.Hour / time.Millisecond)
		for i, m := range []struct {
			corp, id string
			age      int64
		}{{"wwc1", "old-a", 400}, {"wwc1", "young-b", 100}, {"wwc1", "old-c", 400}, {"wwc2", "other-d", 400}} {
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: m.corp, MsgID: m.id, Seq: int64(i + 1), MsgType: "image",
				From: "e0", ToList: `["wmx"]`, MsgTime: now.UnixMilli() - m.age*day}); err != nil {
				t.Fatal(err)
			}
		}
		// old-a and young-b hold the same picture (one content-addressed object);
		// old-c's picture is also in corp wwc2; old-a has its own derived files.
		storetest.Exec(t, st, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, blob_key, sha256, playable_key, thumb_key, created_at, updated_at) VALUES
			('wwc1', 'old-a', 'f1', 'image', 'media/k1', 'h1', 'media/k1-play', 'media/k1-thumb', 0, 0),
			('wwc1', 'young-b', 'f2', 'image', 'media/k1', 'h1', '', '', 0, 0),
			('wwc1', 'old-c', 'f3', 'image', 'media/k2', 'h2', '', '', 0, 0),
			('wwc2', 'other-d', 'f4', 'image', 'media/k2', 'h2', '', '', 0, 0)`)
		storetest.Exec(t, st, `INSERT INTO media_transcripts (media_id, corp_id, engine, language, text, created_at)
			SELECT id, corp_id, 'test', 'zh', '你好', 0 FROM media WHERE msgid = 'old-a'`)
		bl := &blobs{}
		svc := retention.New(st, audit.New(st, nil, nil), bl, retention.Options{FloorDays: 180})
		svc.SetClock(func() time.Time { return now })
		if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365}); err != nil {
			t.Fatal(err)
		}
		res, err := svc.Run(ctx, "wwc1")
		if err != nil || res.Deleted != 2 {
			t.Fatalf("run %+v %v", res, err)
		}
		slices.Sort(bl.deleted)
		if !slices.Equal(bl.deleted, []string{"media/k1-play", "media/k1-thumb"}) {
			t.Fatalf("blobs deleted %v (k1 is still young-b's, k2 still wwc2's)", bl.deleted)
		}
		refs, _ := st.MediaRefs(ctx, "wwc1", []string{"old-a", "young-b", "old-c"})
		if len(refs) != 1 || len(refs["young-b"]) != 1 {
			t.Fatalf("media rows left %v", refs)
		}
		if refs, _ := st.MediaRefs(ctx, "wwc2", []string{"other-d"}); len(refs) != 1 {
			t.Fatal("another corp's media row was deleted")
		}
		now = now.Add(300 * 24 * time.Hour)
		bl.deleted = nil
		if res, err := svc.Run(ctx, "wwc1"); err != nil || res.Deleted != 1 || !slices.Equal(bl.deleted, []string{"media/k1"}) {
			t.Fatalf("later %+v %v %v", res, err, bl.deleted)
		}
	})
}

// TestPreview: the dry run counts what Run then deletes, by msgtype, rule
// and hold, and changes nothing.
func TestPreview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		storetest.Exec(t, st, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
			VALUES ('wwc1', 'e0', '张三', '总部/医学部', 0, 0), ('wwc1', 'e1', '李四', '总部/销售部', 0, 0)`)
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		day := int64(24 * time.Hour / time.Millisecond)
		for i, m := range []struct {
			id, from, typ, room string
			age                 int64
		}{
			{"t-e0", "e0", "text", "", 400}, {"f-e0", "e0", "file", "", 400}, {"t-e1", "wmx", "text", "", 250},
			{"room", "e0", "text", "r1", 400}, {"young", "e0", "text", "", 10},
		} {
			to := `["wmx"]`
			if m.from == "wmx" {
				to = `["e1"]` // an employee as recipient gives the department
			}
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: m.id, Seq: int64(i + 1), MsgType: m.typ,
				From: m.from, ToList: to, RoomID: m.room, MsgTime: now.UnixMilli() - m.age*day}); err != nil {
				t.Fatal(err)
			}
		}
		storetest.Exec(t, st, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, blob_key, created_at, updated_at)
			VALUES ('wwc1', 'f-e0', 'f1', 'file', 'media/f', 0, 0)`)
		svc := retention.New(st, audit.New(st, nil, nil), &blobs{}, retention.Options{FloorDays: 180})
		svc.SetClock(func() time.Time { return now })
		for _, r := range []store.RetentionRule{{CorpID: "wwc1", Days: 365}, {CorpID: "wwc1", Department: "总部/销售部", Days: 200}} {
			if _, err := svc.SetRule(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		h, err := svc.SaveHold(ctx, store.LegalHold{CorpID: "wwc1", Matter: "群聊调查", Rooms: []string{"r1"}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Preview(ctx, "wwc1")
		if err != nil {
			t.Fatal(err)
		}
		if p.Deletable != 3 || p.Held != 1 || p.Media != 1 || p.ByMsgType["text"] != 2 || p.ByMsgType["file"] != 1 ||
			len(p.ByRule) != 2 || len(p.ByHold) != 1 || p.ByHold[0].HoldID != h.ID || p.ByHold[0].Matter != "群聊调查" ||
			p.Oldest != now.UnixMilli()-400*day || p.Newest != now.UnixMilli()-250*day || p.FloorDays != 180 {
			t.Fatalf("preview %+v", p)
		}
		for _, rc := range p.ByRule {
			if (rc.Department == "总部/销售部") != (rc.Count == 1) || (rc.Department == "" && rc.Count != 2) {
				t.Fatalf("by rule %+v", p.ByRule)
			}
		}
		if again, _ := svc.Preview(ctx, "wwc1"); again.Deletable != 3 {
			t.Fatal("preview changed something")
		}
		res, err := svc.Run(ctx, "wwc1")
		if err != nil || res.Deleted != p.Deletable || res.Held != p.Held {
			t.Fatalf("run %+v after preview %+v: %v", res, p, err)
		}
	})
}

// TestRuleEdits: rules are updated by id under the same floor; two rules
// for one (msgtype, department) conflict.
func TestRuleEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		svc := retention.New(st, audit.New(st, nil, nil), nil, retention.Options{FloorDays: 180})
		r, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365})
		if err != nil {
			t.Fatal(err)
		}
		img, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", MsgType: "image", Days: 400})
		if err != nil {
			t.Fatal(err)
		}
		r.Days = 90
		if _, err := svc.UpdateRule(ctx, r); err == nil {
			t.Fatal("an update under the floor was accepted")
		}
		r.Days, r.Department = 730, "总部"
		if r, err = svc.UpdateRule(ctx, r); err != nil || r.Days != 730 {
			t.Fatalf("update %+v %v", r, err)
		}
		img.MsgType, img.Department = "", "总部"
		if _, err := svc.UpdateRule(ctx, img); err == nil {
			t.Fatal("a duplicate rule was accepted")
		}
		r.ID = 9999
		if _, err := svc.UpdateRule(ctx, r); err == nil {
			t.Fatal("updating a missing rule succeeded")
		}
		rules, _ := svc.Rules(ctx, "wwc1")
		if len(rules) != 2 {
			t.Fatalf("rules %+v", rules)
		}
		evs, _ := st.ListAudit(ctx, store.AuditFilter{Action: audit.RetentionUpdate, Limit: 10})
		if len(evs) != 3 {
			t.Fatalf("retention.update events %d", len(evs))
		}
	})
}

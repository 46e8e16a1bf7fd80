package lake

import (
	"context"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// bigSeq is a 64-bit archive seq, beyond what a float64 or int32 keeps exactly.
const bigSeq = int64(1)<<62 + 12345

// pngSHA is the SHA-256 of the fixture's image ("PNGDATA").
const pngSHA = "2d4566582844690f8634a8b2534ea5221560038c6c0650c99140759bad603ae2"

// fixture is a corp with employees, a contact, a relation, conversations,
// messages (Chinese, emoji, a recall, an image with a transcript) and audit
// entries, and a lake service writing to a local bucket.
type fixture struct {
	st      *store.Store
	svc     *Service
	rec     *audit.Recorder
	lakeDir string
	now     time.Time
}

func newFixture(t *testing.T, b storetest.Backend, o Options) *fixture {
	t.Helper()
	ctx := context.Background()
	st := b.Store
	now := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	storetest.SeedCorp(t, st, "ww1", "c1")
	storetest.SeedCorp(t, st, "ww2", "c2")
	storetest.Exec(t, st,
		`INSERT INTO employees (corp_id, employee_id, userid, name, email, mobile, department_path, created_at, updated_at)
			VALUES ('ww1', 'E001', 'zhangsan', '张三', 'zhang.san@example.com', '+8613800138000', '总部/医学部/肿瘤事业部', 1, 1000),
			       ('ww1', 'E002', 'lisi', '李四', 'li.si@example.com', '13900139000', '总部/销售部', 1, 2000),
			       ('ww2', 'X001', 'other', '别人', '', '', '外部', 1, 1000)`,
		`INSERT INTO external_contacts (corp_id, external_userid, name, contact_type, corp_name, position, created_at, updated_at)
			VALUES ('ww1', 'wmDoctorA', '王医生🩺', 1, '第一人民医院', '主任医师', 1, 1500)`,
		`INSERT INTO follow_relations (corp_id, userid, external_userid, state, remark, add_way, added_at, updated_at)
			VALUES ('ww1', 'zhangsan', 'wmDoctorA', 'active', '肿瘤科 王主任', 1, 100, 1600)`,
		`INSERT INTO conversations (corp_id, conversation_id, kind, participants, first_msgtime, last_msgtime, message_count, consent, updated_at)
			VALUES ('ww1', 'single:wmDoctorA:zhangsan', 'single', '["zhangsan","wmDoctorA"]', 1764900000000, 1764900400000, 4, 'agreed', 1700),
			       ('ww1', 'room:wrRoom1', 'group', '["zhangsan","lisi","wmDoctorA"]', 1764990000000, 1764990000000, 1, 'unknown', 1800)`,
		`INSERT INTO archive_rooms (corp_id, roomid, name, fetched_at) VALUES ('ww1', 'wrRoom1', '肿瘤项目群🎗️', 1)`,
	)
	msgs := []store.Message{
		{MsgID: "m1", MsgType: "text", From: "zhangsan", ToList: `["wmDoctorA"]`, MsgTime: 1764900000000,
			Content: "王医生您好，新药资料已发送 👍", ConversationID: "single:wmDoctorA:zhangsan"},
		{MsgID: "m2", MsgType: "text", From: "wmDoctorA", ToList: `["zhangsan"]`, MsgTime: 1764900100000,
			Content: "收到，谢谢😀 English mixed 123", ConversationID: "single:wmDoctorA:zhangsan"},
		{MsgID: "m3", MsgType: "image", From: "zhangsan", ToList: `["wmDoctorA"]`, MsgTime: 1764900200000,
			ConversationID: "single:wmDoctorA:zhangsan", HasMedia: 1},
		{MsgID: "m4", MsgType: "revoke", Action: "recall", From: "zhangsan", ToList: `["wmDoctorA"]`, MsgTime: 1764900400000,
			PreMsgID: "m1", ConversationID: "single:wmDoctorA:zhangsan"},
		{MsgID: "m5", MsgType: "text", From: "lisi", ToList: `["zhangsan","wmDoctorA"]`, RoomID: "wrRoom1",
			MsgTime: 1764990000000, Content: "群里说一下：会议改到周五", ConversationID: "room:wrRoom1"},
	}
	for i, m := range msgs {
		m.CorpID, m.Seq, m.Raw = "ww1", bigSeq+int64(i), `{"msgid":"`+m.MsgID+`","seq":`+itoa(bigSeq+int64(i))+`}`
		if m.Action == "" {
			m.Action = "send"
		}
		if _, err := st.InsertMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.InsertMessage(ctx, store.Message{CorpID: "ww2", MsgID: "other-corp", Seq: 1, MsgType: "text",
		From: "other", MsgTime: 1764900000000, Content: "不应导出"}); err != nil {
		t.Fatal(err)
	}
	mediaDir := t.TempDir()
	media, err := local.New(mediaDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := media.Put(ctx, "sha256/ab/cd/abcd", strings.NewReader("PNGDATA"), 7); err != nil {
		t.Fatal(err)
	}
	storetest.Exec(t, st, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, filename, md5sum, state, blob_key, sha256, size,
		content_type, scan_result, created_at, updated_at) VALUES ('ww1', 'm3', 'sdk1', 'image', '图片.png', 'md5x', 'scanned',
		'sha256/ab/cd/abcd', '`+pngSHA+`', 7, 'image/png', 'clean', 1, 1900)`)
	var mediaID int64
	ms, err := st.LakeMediaOf(ctx, "ww1", []string{"m3"})
	if err != nil || len(ms) != 1 {
		t.Fatalf("media: %v %v", ms, err)
	}
	mediaID = ms[0].ID
	if _, err := st.InsertTranscript(ctx, store.Transcript{MediaID: mediaID, CorpID: "ww1", Engine: "azure",
		Language: "zh-CN", Text: "图片里的文字"}); err != nil {
		t.Fatal(err)
	}
	seedAlerts(t, st)
	rec := audit.New(st, nil, nil)
	rec.SetClock(func() time.Time { return now })
	for _, target := range []string{"conversation:single:wmDoctorA:zhangsan", "export:7"} {
		if err := rec.Record(ctx, audit.Event{Action: audit.ConversationOpen, Target: target, CorpID: "ww1",
			Metadata: map[string]any{"note": "审阅 ✅"}}); err != nil {
			t.Fatal(err)
		}
	}
	lakeDir := t.TempDir()
	out, err := local.New(lakeDir)
	if err != nil {
		t.Fatal(err)
	}
	o.TempDir = t.TempDir()
	svc := New(st, out, media, rec, nil, o)
	svc.SetClock(func() time.Time { return now })
	return &fixture{st: st, svc: svc, rec: rec, lakeDir: lakeDir, now: now}
}

// seedAlerts raises three alerts: two on m1 (an open AE with a due time,
// a QC-sampled PII one closed with a disposition) and an open one on m5.
func seedAlerts(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	alerts := []store.Alert{
		{MsgID: "m1", ConversationID: "single:wmDoctorA:zhangsan", MsgTime: 1764900000000, Employee: "zhangsan",
			Labels: []string{"ae", "off_label"}, Severity: "high", DueAt: 1765000000000, PolicyVersion: "3",
			Hits: `[{"label":"ae","rule":"不良反应","start":0,"end":3,"text":"王医生"}]`},
		{MsgID: "m1", ConversationID: "single:wmDoctorA:zhangsan", MsgTime: 1764900000000, Employee: "zhangsan",
			Labels: []string{"pii"}, Severity: "low", PolicyVersion: "3", QCSample: true},
		{MsgID: "m5", ConversationID: "room:wrRoom1", MsgTime: 1764990000000, Employee: "lisi",
			Labels: []string{"ae"}, Severity: "medium", PolicyVersion: "3", Hits: `[{"label":"ae","text":"会议😀"}]`},
	}
	for i, a := range alerts {
		a.CorpID = "ww1"
		a, ok, err := st.InsertAlert(ctx, a)
		if err != nil || !ok {
			t.Fatalf("alert %d: %v %v", i, ok, err)
		}
		if i == 1 {
			a.State, a.Disposition, a.CaseNumber, a.DispositionedBy = "closed", "no_issue", "案件-2026-001", "reviewer1"
			a.DispositionedAt, a.ClosedAt = 1764999000000, 1764999000000
			if err := st.UpdateAlert(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// files lists every object key in the lake bucket.
func (f *fixture) files(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(f.lakeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(f.lakeDir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func (f *fixture) path(key string) string { return filepath.Join(f.lakeDir, filepath.FromSlash(key)) }

package lake

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func readParquet[T any](t *testing.T, path string) []T {
	t.Helper()
	rows, err := parquet.ReadFile[T](path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return rows
}

// readTable reads every Parquet file of a table a result lists.
func readTable[T any](t *testing.T, f *fixture, results []Result, name string) []T {
	t.Helper()
	var out []T
	for _, r := range results {
		for _, fi := range r.Tables[name].Files {
			if fi.Format == FormatParquet {
				got := readParquet[T](t, f.path(fi.Key))
				if int64(len(got)) != fi.Rows {
					t.Errorf("%s: %d rows, manifest says %d", fi.Key, len(got), fi.Rows)
				}
				out = append(out, got...)
			}
		}
	}
	return out
}

// TestExportReadBack: every exported row, read with a Parquet reader,
// equals the store's row (Chinese text, emoji, 64-bit seq); the layout,
// manifest and watermarks are as documented; a second run writes nothing.
func TestExportReadBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		msgs := readTable[MessageRow](t, f, []Result{res}, "messages")
		if len(msgs) != 5 {
			t.Fatalf("messages: %d rows, want 5", len(msgs))
		}
		for i, row := range msgs {
			m, err := f.st.MessageByMsgID(ctx, "ww1", row.MsgID)
			if err != nil {
				t.Fatal(err)
			}
			want := []any{m.ID, m.Seq, m.Content, m.MsgType, m.From, m.RoomID, m.ConversationID, m.MsgTime, m.Raw, m.Meta}
			got := []any{row.ID, row.Seq, row.Content, row.MsgType, row.FromID, row.RoomID, row.ConversationID, row.MsgTime, row.Raw, row.Meta}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("row %d:\n got %v\nwant %v", i, got, want)
			}
			var to []string
			_ = json.Unmarshal([]byte(m.ToList), &to)
			if !reflect.DeepEqual(row.ToIDs, to) || len(row.ToNames) != len(to) {
				t.Errorf("%s: to %v %v, want %v", row.MsgID, row.ToIDs, row.ToNames, to)
			}
			if row.Seq != bigSeq+int64(i) {
				t.Errorf("%s: seq %d, want %d (64-bit)", row.MsgID, row.Seq, bigSeq+int64(i))
			}
		}
		m1, m3, m4, m5 := msgs[0], msgs[2], msgs[3], msgs[4]
		if m1.FromName != "张三" || m1.FromDepartment != "总部/医学部/肿瘤事业部" || m1.ToNames[0] != "王医生🩺" ||
			m1.Consent != "agreed" || m1.ConversationKind != "single" || m1.Content != "王医生您好，新药资料已发送 👍" {
			t.Errorf("m1 parties/conversation: %+v", m1)
		}
		if m4.RecallOf != "m1" || m1.RecallOf != "" {
			t.Errorf("recall link: m4 %q, m1 %q", m4.RecallOf, m1.RecallOf)
		}
		if m5.RoomName != "肿瘤项目群🎗️" || len(m5.ToNames) != 2 {
			t.Errorf("m5 room: %+v", m5)
		}
		if len(m3.Media) != 1 || m3.Media[0].SHA256 != pngSHA || m3.Media[0].ScanResult != "clean" ||
			m3.Media[0].Transcript != "图片里的文字" || m3.Transcript != "图片里的文字" || m3.Media[0].LakeKey != "" {
			t.Errorf("m3 media: %+v", m3.Media)
		}
		if !reflect.DeepEqual(m1.AlertLabels, []string{"ae", "off_label", "pii"}) || len(m1.AlertIDs) != 2 ||
			m1.AlertState != "open" || m1.AlertDisposition != "no_issue" {
			t.Errorf("m1 alerts: %v %v %q %q", m1.AlertIDs, m1.AlertLabels, m1.AlertState, m1.AlertDisposition)
		}
		if !reflect.DeepEqual(m5.AlertLabels, []string{"ae"}) || m5.AlertState != "open" || m5.AlertDisposition != "" ||
			len(msgs[1].AlertLabels) != 0 || msgs[1].AlertState != "" {
			t.Errorf("m5/m2 alerts: %+v / %+v", m5.AlertLabels, msgs[1].AlertLabels)
		}
		checkAlerts(t, f, readTable[AlertRow](t, f, []Result{res}, "alerts"), 3)
		for name, want := range map[string]int{"media": 1, "conversations": 2, "employees": 2, "contacts": 1,
			"relations": 1, "audit": 2, "tombstones": 0, "alerts": 3} {
			if got := res.Tables[name].Rows; got != int64(want) {
				t.Errorf("%s: %d rows, want %d", name, got, want)
			}
		}
		emps := readTable[EmployeeRow](t, f, []Result{res}, "employees")
		if emps[0].Name != "张三" || emps[0].Mobile != "+8613800138000" {
			t.Errorf("employees: %+v", emps)
		}
		aud := readTable[AuditRow](t, f, []Result{res}, "audit")
		head, err := f.st.AuditByID(ctx, aud[1].ID)
		if err != nil || aud[1].Hash != head.Hash || !strings.Contains(aud[1].Metadata, "审阅 ✅") {
			t.Errorf("audit row %+v vs %+v (%v)", aud[1], head, err)
		}
		key := res.Tables["messages"].Files[0].Key
		if key != "lake/messages/corp=ww1/date=2025-12-05/part-00000.parquet" {
			t.Errorf("layout: %s", key)
		}
		// The manifest lists every file with its hash.
		body, err := os.ReadFile(f.path(res.ManifestKey))
		if err != nil {
			t.Fatal(err)
		}
		var man Manifest
		if err := json.Unmarshal(body, &man); err != nil || man.RunID != res.RunID || man.SchemaVersion != SchemaVersion {
			t.Fatalf("manifest %s: %v", body, err)
		}
		files := f.files(t)
		listed := map[string]bool{res.ManifestKey: true}
		for _, tr := range man.Tables {
			for _, fi := range tr.Files {
				listed[fi.Key] = true
				if fileSHA(t, f.path(fi.Key)) != fi.SHA256 {
					t.Errorf("%s: sha256 differs from the manifest", fi.Key)
				}
			}
		}
		for _, k := range files {
			if !listed[k] {
				t.Errorf("file %s is not in the manifest", k)
			}
		}
		marks, _ := f.st.LakeWatermarks(ctx, "ww1")
		if marks["messages"].Watermark != msgs[4].ID || marks["messages"].NextPart != 2 {
			t.Errorf("messages watermark %+v", marks["messages"])
		}
		// Nothing new: no data file, no manifest.
		again, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil || !again.NothingNew || again.Rows != 0 {
			t.Fatalf("second run: %+v %v", again, err)
		}
		if got := f.files(t); !reflect.DeepEqual(got, files) {
			t.Errorf("second run wrote files:\n%v\n%v", got, files)
		}
	})
}

// checkAlerts: the alert rows read back are n distinct alerts, each equal
// field by field to the store's alert (the newest version).
func checkAlerts(t *testing.T, f *fixture, rows []AlertRow, n int) {
	t.Helper()
	ids := map[int64]bool{}
	for _, row := range rows {
		ids[row.ID] = true
		a, err := f.st.AlertByID(context.Background(), row.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []any{a.CorpID, a.MsgID, a.ConversationID, a.MsgTime, a.Employee, a.Labels, a.Severity, a.State, a.Assignee,
			a.Disposition, a.CaseNumber, a.DispositionedBy, a.DispositionedAt, a.NeedsApproval, a.ClosedAt, a.DueAt,
			a.PolicyVersion, a.QCSample, a.Hits, a.CreatedAt, a.UpdatedAt}
		got := []any{row.CorpID, row.MsgID, row.ConversationID, row.MsgTime, row.Employee, row.Labels, row.Severity,
			row.State, row.Assignee, row.Disposition, row.CaseNumber, row.DispositionedBy, orZero(row.DispositionedAt),
			row.NeedsApproval, orZero(row.ClosedAt), orZero(row.DueAt), row.PolicyVersion, row.QCSample, row.Hits, row.CreatedAt, row.UpdatedAt}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("alert %d:\n got %v\nwant %v", row.ID, got, want)
		}
	}
	if len(rows) != n || len(ids) != n {
		t.Errorf("alerts: %d rows of %d ids, want %d", len(rows), len(ids), n)
	}
}

func orZero(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// TestIncrementalAndTombstones: a new message and a retention deletion
// make the next run export exactly that message and one tombstone.
func TestIncrementalAndTombstones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{Formats: []string{FormatParquet, FormatJSONL}})
		first, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.InsertMessage(ctx, store.Message{CorpID: "ww1", MsgID: "m6", Seq: bigSeq + 10, MsgType: "text",
			From: "zhangsan", ToList: `["wmDoctorA"]`, MsgTime: 1765000000000, Content: "新消息🆕",
			ConversationID: "single:wmDoctorA:zhangsan"}); err != nil {
			t.Fatal(err)
		}
		// A review moves m5's alert on, and m6 raises one: both are the next run's alerts.
		later := f.now.Add(time.Minute)
		f.st.SetClock(func() time.Time { return later })
		of, err := f.st.LakeAlertsOf(ctx, "ww1", []string{"m5"})
		if err != nil || len(of["m5"]) != 1 {
			t.Fatalf("m5 alert: %v %v", of, err)
		}
		a := of["m5"][0]
		a.State, a.Assignee = "in_review", "reviewer2"
		if err := f.st.UpdateAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.st.InsertAlert(ctx, store.Alert{CorpID: "ww1", MsgID: "m6", Labels: []string{"ae"},
			ConversationID: "single:wmDoctorA:zhangsan", MsgTime: 1765000000000, Severity: "high"}); err != nil {
			t.Fatal(err)
		}
		m2, _ := f.st.MessageByMsgID(ctx, "ww1", "m2")
		if err := f.st.WithTx(ctx, func(ctx context.Context) error {
			_, err := f.st.DeleteMessages(ctx, "ww1", []store.Message{m2})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		second, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		msgs := readTable[MessageRow](t, f, []Result{second}, "messages")
		tombs := readTable[TombstoneRow](t, f, []Result{second}, "tombstones")
		if len(msgs) != 1 || msgs[0].MsgID != "m6" || msgs[0].Content != "新消息🆕" {
			t.Errorf("second run messages: %+v", msgs)
		}
		if len(msgs) == 1 && (!reflect.DeepEqual(msgs[0].AlertLabels, []string{"ae"}) || msgs[0].AlertState != "open") {
			t.Errorf("m6 alerts: %v %q", msgs[0].AlertLabels, msgs[0].AlertState)
		}
		alerts := readTable[AlertRow](t, f, []Result{second}, "alerts")
		checkAlerts(t, f, alerts, 2)
		for _, a := range alerts {
			if a.MsgID == "m5" && (a.State != "in_review" || a.Assignee != "reviewer2" || a.UpdatedAt != later.UnixMilli()) {
				t.Errorf("m5 alert, new version: %+v", a)
			}
		}
		if w := second.Tables["alerts"]; w.WatermarkFrom != first.Tables["alerts"].WatermarkTo || w.WatermarkTo != later.UnixMilli() {
			t.Errorf("alerts window (%d, %d], first ended at %d", w.WatermarkFrom, w.WatermarkTo, first.Tables["alerts"].WatermarkTo)
		}
		if len(tombs) != 1 || tombs[0].MsgID != "m2" || tombs[0].MessageID != m2.ID || tombs[0].Reason != "retention" {
			t.Errorf("tombstones: %+v", tombs)
		}
		if w := second.Tables["messages"]; w.WatermarkFrom != first.Tables["messages"].WatermarkTo {
			t.Errorf("windows do not meet: %d then %d", first.Tables["messages"].WatermarkTo, w.WatermarkFrom)
		}
		// JSONL beside Parquet, same rows.
		for _, fi := range second.Tables["messages"].Files {
			if fi.Format == FormatJSONL {
				body, _ := os.ReadFile(f.path(fi.Key))
				var row MessageRow
				if err := json.Unmarshal(body, &row); err != nil || row.MsgID != "m6" || row.Seq != bigSeq+10 ||
					!strings.HasPrefix(fi.Key, "lake/jsonl/messages/corp=ww1/date=") {
					t.Errorf("jsonl %s: %+v %v", fi.Key, row, err)
				}
			}
		}
	})
}

// TestCrashResume: a run that fails after its first file, or before its
// commit, is resumed with the same window; the files then hold every row
// exactly once and nothing of the failed attempt is left.
func TestCrashResume(t *testing.T) {
	for _, point := range []string{"after_file", "before_manifest", "before_commit"} {
		t.Run(point, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				f := newFixture(t, b, Options{RowsPerFile: 1})
				boom := errors.New("injected crash")
				f.svc.failpoint = func(p string) error {
					if p == point {
						return boom
					}
					return nil
				}
				failed, err := f.svc.Export(ctx, "ww1", "test")
				if !errors.Is(err, boom) {
					t.Fatalf("first run: %v", err)
				}
				if marks, _ := f.st.LakeWatermarks(ctx, "ww1"); len(marks) != 0 {
					t.Fatalf("watermarks moved before the commit: %v", marks)
				}
				// New rows arriving meanwhile wait for the next run.
				if _, err := f.st.InsertMessage(ctx, store.Message{CorpID: "ww1", MsgID: "late", Seq: bigSeq + 99,
					MsgType: "text", MsgTime: 1764900000001, Content: "迟到"}); err != nil {
					t.Fatal(err)
				}
				f.svc.failpoint = nil
				res, err := f.svc.Export(ctx, "ww1", "test")
				if err != nil || !res.Resumed || res.RunID != failed.RunID {
					t.Fatalf("resumed run: %+v %v", res, err)
				}
				next, err := f.svc.Export(ctx, "ww1", "test")
				if err != nil {
					t.Fatal(err)
				}
				all := readTable[MessageRow](t, f, []Result{res, next}, "messages")
				seen := map[string]int{}
				for _, m := range all {
					seen[m.MsgID]++
				}
				alertIDs := map[int64]int{}
				for _, a := range readTable[AlertRow](t, f, []Result{res, next}, "alerts") {
					alertIDs[a.ID]++
				}
				if len(alertIDs) != 3 {
					t.Errorf("alerts exported: %v, want 3 ids", alertIDs)
				}
				for id, n := range alertIDs {
					if n != 1 {
						t.Errorf("alert %d exported %d times", id, n)
					}
				}
				for _, id := range []string{"m1", "m2", "m3", "m4", "m5", "late"} {
					if seen[id] != 1 {
						t.Errorf("%s exported %d times", id, seen[id])
					}
				}
				listed := map[string]bool{res.ManifestKey: true, next.ManifestKey: true}
				for _, r := range []Result{res, next} {
					for _, tr := range r.Tables {
						for _, fi := range tr.Files {
							listed[fi.Key] = true
						}
					}
				}
				for _, k := range f.files(t) {
					if !listed[k] {
						t.Errorf("left over from the failed attempt: %s", k)
					}
				}
				runs, _ := f.svc.Runs(ctx, "ww1", 10)
				for _, r := range runs {
					if r.ID == res.RunID && (r.State != "done" || r.Attempts != 2) {
						t.Errorf("resumed run: %+v", r)
					}
				}
				if len(runs) != 2 {
					t.Errorf("runs: %d, want 2", len(runs))
				}
			})
		})
	}
}

// TestStaleRunTakeover: a run whose process died (still "running") blocks
// a second process until it is stale, then is resumed.
func TestStaleRunTakeover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		f.svc.failpoint = func(p string) error {
			if p == "after_file" {
				panic("process died")
			}
			return nil
		}
		func() {
			defer func() { _ = recover() }()
			_, _ = f.svc.Export(ctx, "ww1", "test")
		}()
		f.svc.failpoint = nil
		if _, err := f.svc.Export(ctx, "ww1", "test"); !errors.Is(err, ErrRunning) {
			t.Fatalf("second process: %v, want ErrRunning", err)
		}
		later := f.now.Add(2 * f.svc.o.StaleAfter)
		f.svc.SetClock(func() time.Time { return later })
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil || !res.Resumed || res.Tables["messages"].Rows != 5 {
			t.Fatalf("takeover: %+v %v", res, err)
		}
	})
}

// TestOneOpenRunPerCorp: the store refuses a second unfinished run of a
// corp, so two processes cannot export the same window twice.
func TestOneOpenRunPerCorp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		open := store.LakeRun{ID: "other-process", CorpID: "ww1", State: "running", Plan: "{}", Files: "[]", StartedAt: 1}
		if err := f.st.InsertLakeRun(ctx, open); err != nil {
			t.Fatal(err)
		}
		open.ID = "third"
		if err := f.st.InsertLakeRun(ctx, open); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second open run: %v, want ErrConflict", err)
		}
		if _, err := f.st.LakeUnfinishedRun(ctx, "ww2"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other corp: %v", err)
		}
		if _, err := f.svc.Export(ctx, "ww2", "test"); err != nil { // other corps are not blocked
			t.Fatal(err)
		}
	})
}

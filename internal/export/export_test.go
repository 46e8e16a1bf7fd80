package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/export"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

type fakeQueue struct{ jobs []jobs.NewJob }

func (q *fakeQueue) Enqueue(_ context.Context, j jobs.NewJob) (int64, error) {
	q.jobs = append(q.jobs, j)
	return int64(len(q.jobs)), nil
}

type fakeRunner struct{ h jobs.Handler }

func (r *fakeRunner) Register(_ string, h jobs.Handler, _ jobs.Policy) { r.h = h }

type fixture struct {
	st   *store.Store
	svc  *export.Service
	q    *fakeQueue
	run  *fakeRunner
	blob *local.Bucket
}

func setup(t *testing.T, b storetest.Backend, settings string, opts ...export.Options) fixture {
	t.Helper()
	st := b.Store
	storetest.SeedCorp(t, st, "wwc1", "c1")
	storetest.Exec(t, st, `UPDATE corps SET settings = '`+settings+`' WHERE corp_id = 'wwc1'`,
		`INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
		VALUES ('wwc1', 'e0', '张三', '总部/医学部', 0, 0), ('wwc1', 'e1', '李四', '总部/销售部', 0, 0)`,
		`INSERT INTO external_contacts (corp_id, external_userid, name, created_at, updated_at) VALUES ('wwc1', 'wmhcp', '王医生', 0, 0)`)
	ctx := context.Background()
	for i := range 40 {
		emp := fmt.Sprintf("e%d", i%2)
		if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%02d", i), Seq: int64(i + 1),
			MsgType: "text", From: emp, ToList: `["wmhcp"]`, ConversationID: emp + "|wmhcp",
			MsgTime: int64(1_700_000_000_000 + i*1000), Content: fmt.Sprintf("王医生，药物不良反应报告第%d份", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "r1", Seq: 99, MsgType: "revoke", From: "e0",
		ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_700_000_100_000, PreMsgID: "m38"}); err != nil {
		t.Fatal(err)
	}
	bk, err := local.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rec := audit.New(st, nil, nil)
	q := &fakeQueue{}
	o := export.Options{TempDir: t.TempDir()}
	if len(opts) > 0 {
		o = opts[0]
		o.TempDir = t.TempDir()
	}
	svc := export.New(st, bk, q, approval.New(st, rec), rec, o)
	r := &fakeRunner{}
	svc.Register(r)
	return fixture{st, svc, q, r, bk}
}

func as(id int64, name string, g auth.Grant) context.Context {
	return auth.WithPrincipal(context.Background(), auth.Principal{ID: id, Name: name, Kind: auth.KindAdmin, Grants: []auth.Grant{g}})
}

func (f fixture) runJobs(t *testing.T) {
	t.Helper()
	for i, j := range f.q.jobs {
		if err := f.run.h(context.Background(), jobs.Job{ID: int64(i + 1), Kind: j.Kind, Payload: mustJSON(j.Payload)}, &jobs.Progress{}); err != nil {
			t.Fatalf("job %d: %v", i, err)
		}
	}
	f.q.jobs = nil
}

func mustJSON(v any) []byte {
	m := v.(map[string]int64)
	return []byte(fmt.Sprintf(`{"export_id":%d}`, m["export_id"]))
}

func (f fixture) download(t *testing.T, ctx context.Context, id int64) []byte {
	t.Helper()
	obj, _, err := f.svc.Download(ctx, id)
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	defer obj.Close()
	b, _ := io.ReadAll(obj)
	return b
}

// TestExportFormats: a scoped reviewer's CSV, XLSX and PDF hold exactly the
// in-scope messages, CJK intact, with recall markers and the watermark.
func TestExportFormats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{}`)
		ctx := as(7, "rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		ids := map[string]int64{}
		for _, format := range []string{"csv", "xlsx", "pdf"} {
			e, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: format, Params: export.Params{Q: "不良",
				Filter: store.MessageFilter{Employee: "e0"}}})
			if err != nil {
				t.Fatal(err)
			}
			ids[format] = e.ID
		}
		f.runJobs(t)

		data := f.download(t, ctx, ids["csv"])
		if !bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Fatal("CSV lacks the BOM")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// Watermark, the query and filters that produced the export, the localised header (zh-CN by default), then rows.
		if !strings.Contains(recs[0][0], "Exported by rev") || len(recs) != 4+20 {
			t.Fatalf("csv rows %d, first %q", len(recs), recs[0])
		}
		if recs[1][0] != "# 检索词: 不良" || recs[2][0] != "# 筛选条件: 员工: e0" || recs[3][5] != "消息类型" || recs[3][10] != "消息ID" {
			t.Fatalf("csv preamble %q", recs[:4])
		}
		for _, r := range recs[4:] {
			if r[3] != "e0" || r[4] != "张三" || !strings.Contains(r[6], "不良反应") || r[5] != "文本" || !strings.HasPrefix(r[10], "m") {
				t.Fatalf("csv row %q", r)
			}
		}
		if recs[4][7] == "" || !strings.Contains(recs[4][7], "已撤回") || recs[4][10] != "m38" { // m38, newest, recalled
			t.Fatalf("recall marker missing: %q", recs[4])
		}

		x, err := excelize.OpenReader(bytes.NewReader(f.download(t, ctx, ids["xlsx"])))
		if err != nil {
			t.Fatal(err)
		}
		xr, err := x.GetRows("messages")
		if err != nil || len(xr) != 22 || xr[2][6] != "王医生，药物不良反应报告第38份" || xr[1][0] != "会话" {
			t.Fatalf("xlsx rows %d %v %v", len(xr), xr[2], err)
		}
		cover, err := x.GetRows("说明")
		if err != nil || len(cover) < 6 || cover[4][0] != "检索词" || cover[4][1] != "不良" || cover[5][1] != "员工: e0" {
			t.Fatalf("xlsx cover %q %v", cover, err)
		}

		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Log("pdftotext not installed: PDF text not checked")
			return
		}
		p := filepath.Join(t.TempDir(), "x.pdf")
		if err := os.WriteFile(p, f.download(t, ctx, ids["pdf"]), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"王医生，药物不良反应报告第38份", "已撤回", "Exported by rev", "e0|wmhcp"} {
			if !strings.Contains(string(out), want) {
				t.Fatalf("PDF text lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(string(out), "第39份") { // e1's message, out of scope
			t.Fatal("PDF holds an out-of-scope message")
		}
		evs, _ := f.st.ListAudit(context.Background(), store.AuditFilter{Action: audit.ExportGenerate, Limit: 10})
		if len(evs) != 3 || !strings.Contains(evs[0].Metadata, `"sha256"`) {
			t.Fatalf("export.generate events %d", len(evs))
		}
	})
}

func TestExportApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{"export_approval": true}`)
		req := as(7, "rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		other := as(8, "boss", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		e, err := f.svc.Request(req, export.Request{CorpID: "wwc1", Format: "csv", Params: export.Params{ConversationIDs: []string{"e1|wmhcp"}}})
		if err != nil || e.State != "pending_approval" || len(f.q.jobs) != 0 {
			t.Fatalf("request: %+v %v", e, err)
		}
		if _, err := f.svc.Decide(req, e.ID, true, ""); err == nil {
			t.Fatal("requester approved their own export")
		}
		if _, _, err := f.svc.Download(req, e.ID); err == nil {
			t.Fatal("download before approval")
		}
		if _, err := f.svc.Decide(other, e.ID, true, "ok"); err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.download(t, req, e.ID), []byte("\uFEFF")))).ReadAll()
		if err != nil || len(recs) != 24 || recs[4][2] != "2023-11-15 06:13:21" { // Asia/Shanghai, oldest first
			t.Fatalf("csv %d %v %v", len(recs), recs[4], err)
		}
		if _, _, err := f.svc.Download(other, e.ID); err == nil {
			t.Fatal("someone else downloaded the export")
		}
	})
}

// TestExportZipWithMedia: clean media files are in the ZIP with their
// SHA-256 in the manifest; an infected one is listed as skipped, never packed.
func TestExportZipWithMedia(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{}`)
		bg := context.Background()
		body := []byte("fake image bytes 图片")
		if err := f.blob.Put(bg, "media/ab/cd", bytes.NewReader(body), int64(len(body))); err != nil {
			t.Fatal(err)
		}
		storetest.Exec(t, f.st, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, filename, blob_key, sha256, state, scan_result, created_at, updated_at)
			VALUES ('wwc1', 'm02', 'f1', 'image', 'x.jpg', 'media/ab/cd', 'declared', 'scanned', 'clean', 0, 0),
			       ('wwc1', 'm04', 'f2', 'file', 'bad.exe', 'media/ee/ff', '', 'scanned', 'infected', 0, 0)`)
		ctx := as(7, "rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		e, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "csv",
			Params: export.Params{ConversationIDs: []string{"e0|wmhcp"}, WithMedia: true}})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		data := f.download(t, ctx, e.ID)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, zf := range zr.File {
			r, _ := zf.Open()
			files[zf.Name], _ = io.ReadAll(r)
			r.Close()
		}
		var man struct {
			Files []export.ManifestEntry `json:"files"`
		}
		if err := json.Unmarshal(files["manifest.json"], &man); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		if got := files["media/cd.jpg"]; !bytes.Equal(got, body) {
			t.Fatalf("media file missing: %v", keys(files))
		}
		var okMedia, skipped bool
		for _, m := range man.Files {
			if m.Path == "media/cd.jpg" && m.SHA256 == hex.EncodeToString(sum[:]) {
				okMedia = true
			}
			if m.MsgID == "m04" && m.Skipped != "" && m.Path == "" {
				skipped = true
			}
			if m.Path != "" {
				s := sha256.Sum256(files[m.Path])
				if hex.EncodeToString(s[:]) != m.SHA256 {
					t.Fatalf("manifest hash of %s wrong", m.Path)
				}
			}
		}
		if !okMedia || !skipped || len(files) != 3 {
			t.Fatalf("manifest %+v files %v", man.Files, keys(files))
		}
	})
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/export"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
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
	return files
}

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestExportPDFVolumes: a transcript longer than a volume comes as
// transcript-001.pdf... in a ZIP with a manifest; each volume says what it
// is (matter, requester, volume k of n, range, conversations) and carries
// speaker names and conversation names.
func TestExportPDFVolumes(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt poppler-utils)")
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{}`, export.Options{PDFVolumeRows: 15})
		ctx := as(7, "rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		e, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "pdf", Reason: "案件A 不良反应调查",
			Params: export.Params{ConversationIDs: []string{"e0|wmhcp", "e1|wmhcp"}}})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		files := unzip(t, f.download(t, ctx, e.ID))
		var man struct {
			Volumes int                    `json:"volumes"`
			Files   []export.ManifestEntry `json:"files"`
		}
		if err := json.Unmarshal(files["manifest.json"], &man); err != nil {
			t.Fatal(err)
		}
		if man.Volumes != 3 || len(files) != 4 {
			t.Fatalf("volumes %d, files %v", man.Volumes, keys(files))
		}
		for _, m := range man.Files {
			s := sha256.Sum256(files[m.Path])
			if hex.EncodeToString(s[:]) != m.SHA256 || int64(len(files[m.Path])) != m.Size {
				t.Fatalf("manifest entry %+v does not match the file", m)
			}
		}
		ranges := []string{"Messages: 1-15 of 41", "Messages: 16-30 of 41", "Messages: 31-41 of 41"}
		all := ""
		for k := 1; k <= 3; k++ {
			text := pdfText(t, files[fmt.Sprintf("transcript-%03d.pdf", k)])
			for _, want := range []string{fmt.Sprintf("volume %d of 3", k), "Matter: 案件A 不良反应调查", "Requested by: rev",
				"Exported by rev", ranges[k-1], "Time range: 2023-11-15", "Conversations ("} {
				if !strings.Contains(text, want) {
					t.Fatalf("volume %d lacks %q:\n%s", k, want, text)
				}
			}
			all += text
		}
		for _, want := range []string{"张三 & 王医生 (e0|wmhcp)", "李四 & 王医生 (e1|wmhcp)", "李四 (e1)", "张三 (e0)",
			"王医生，药物不良反应报告第0份", "王医生，药物不良反应报告第39份", "已撤回", "撤回消息 recall of m38"} {
			if !strings.Contains(all, want) {
				t.Fatalf("transcript lacks %q", want)
			}
		}
	})
}

// TestExportXLSXPerConversation: one sheet per conversation, named after
// its people (CJK intact), rows grouped; the single layout keeps one sheet.
func TestExportXLSXPerConversation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{}`)
		ctx := as(7, "rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		if _, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "xlsx", Params: export.Params{Layout: "sheets"}}); err == nil {
			t.Fatal("unknown layout accepted")
		}
		e, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "xlsx",
			Params: export.Params{Q: "不良", Layout: export.LayoutPerConversation}})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		x, err := excelize.OpenReader(bytes.NewReader(f.download(t, ctx, e.ID)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := x.GetSheetList()
		if strings.Join(sheets, ",") != "说明,李四 & 王医生,张三 & 王医生" { // the cover, then newest activity first
			t.Fatalf("sheets %q", sheets)
		}
		for i, conv := range []string{"e1|wmhcp", "e0|wmhcp"} {
			rows, err := x.GetRows(sheets[i+1])
			if err != nil || len(rows) != 22 || !strings.HasPrefix(rows[0][0], "Exported by rev") {
				t.Fatalf("sheet %s: %d rows %v", sheets[i+1], len(rows), err)
			}
			for _, r := range rows[2:] {
				if r[0] != conv || r[1] != sheets[i+1] || !strings.Contains(r[6], "不良反应") {
					t.Fatalf("sheet %s row %q", sheets[i+1], r)
				}
			}
		}
	})
}

// TestExportExpiry: past the corp's export_ttl_days the file is deleted,
// the export says expired, downloads stop, and the expiry is audited.
func TestExportExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{"export_ttl_days": 2}`)
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		f.svc.SetClock(func() time.Time { return now })
		ctx := as(7, "rev", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1"})
		e, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "csv", Params: export.Params{Q: "不良"}})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		f.download(t, ctx, e.ID)
		if e, _ = f.svc.Get(ctx, e.ID); e.ExpiresAt != now.Add(48*time.Hour).UnixMilli() {
			t.Fatalf("expires at %d", e.ExpiresAt)
		}
		if n, err := f.svc.ExpireDue(context.Background()); err != nil || n != 0 {
			t.Fatalf("expired early: %d %v", n, err)
		}
		now = now.Add(49 * time.Hour)
		if n, err := f.svc.ExpireDue(context.Background()); err != nil || n != 1 {
			t.Fatalf("expire: %d %v", n, err)
		}
		if _, err := f.blob.Stat(context.Background(), e.BlobKey); err == nil {
			t.Fatal("file still there")
		}
		if _, _, err := f.svc.Download(ctx, e.ID); !errors.Is(err, export.ErrExpired) {
			t.Fatalf("download after expiry: %v", err)
		}
		evs, _ := f.st.ListAudit(context.Background(), store.AuditFilter{Action: audit.ExportExpire, Limit: 10})
		if len(evs) != 1 || evs[0].Target != fmt.Sprintf("export:%d", e.ID) || !strings.Contains(evs[0].Metadata, e.SHA256) {
			t.Fatalf("export.expire events %+v", evs)
		}
		// Every step of the export is on the audit trail.
		for _, a := range []audit.Action{audit.ExportRequest, audit.ExportGenerate, audit.ExportDownload} {
			if evs, _ := f.st.ListAudit(context.Background(), store.AuditFilter{Action: a, Limit: 10}); len(evs) == 0 {
				t.Fatalf("no %s event", a)
			}
		}
	})
}

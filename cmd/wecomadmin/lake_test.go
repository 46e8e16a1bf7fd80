package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"wecomadmin/internal/lake"
	"wecomadmin/internal/wecomsim/archivesim"
)

// TestLakeExportOnce: after an ingest from the simulator, `lake export
// --once` prints one JSON object naming every file with its rows and
// SHA-256, the files hold every message, and a second run writes nothing.
func TestLakeExportOnce(t *testing.T) {
	dir := t.TempDir()
	keys, err := archivesim.LoadKeyDir(filepath.Join(dir, "keys"), 2)
	if err != nil {
		t.Fatal(err)
	}
	a, truth := archivesim.Generate(keys, archivesim.Options{Seed: 3, Messages: 80})
	srv := httptest.NewServer(archivesim.NewServer(a, archivesim.Config{CorpID: "wwsimcorp0000001", Secret: "sim"}))
	defer srv.Close()
	cfg := fmt.Sprintf(`db: sqlite:%s/t.db
data_dir: %s/data
corps:
  - key: main
    corp_id: wwsimcorp0000001
    base_url: %s
    secrets: {archive: sim}
    archive_keys: [{version: 1, private_key: "file:%s/keys/v1.pem"}, {version: 2, private_key: "file:%s/keys/v2.pem"}]
    archive: {source: sim, url: %q}
lake: {blob: {backend: local, dir: %s/lake}, prefix: "feeds/", formats: [parquet, jsonl]}
`, dir, dir, srv.URL, dir, dir, srv.URL, dir)
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "--config", path, "--once"}, &out, &errOut); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut.String())
	}
	export := func() lake.Report {
		t.Helper()
		out.Reset()
		errOut.Reset()
		if code := run(context.Background(), []string{"lake", "export", "--config", path, "--corp", "main", "--once"}, &out, &errOut); code != 0 {
			t.Fatalf("lake export: exit %d: %s", code, errOut.String())
		}
		var rep lake.Report
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil || strings.Count(strings.TrimSpace(out.String()), "\n") != 0 {
			t.Fatalf("not one JSON object: %v\n%s", err, out.String())
		}
		return rep
	}
	rep := export()
	if len(rep.Corps) != 1 || rep.Corps[0].CorpKey != "main" || rep.Corps[0].RunID == "" {
		t.Fatalf("report: %s", out.String())
	}
	msgs := rep.Corps[0].Tables["messages"]
	var rows int64
	for _, f := range msgs.Files {
		if !strings.HasPrefix(f.Key, "feeds/") || f.SHA256 == "" || f.Rows == 0 {
			t.Errorf("file %+v", f)
		}
		if f.Format == lake.FormatParquet {
			got, err := parquet.ReadFile[lake.MessageRow](filepath.Join(dir, "lake", f.Key))
			if err != nil || int64(len(got)) != f.Rows {
				t.Fatalf("%s: %d rows, %v", f.Key, len(got), err)
			}
			rows += f.Rows
		}
	}
	if rows != int64(len(truth)) || msgs.WatermarkFrom != 0 || msgs.WatermarkTo == 0 {
		t.Errorf("messages: %d rows of %d, window %d..%d", rows, len(truth), msgs.WatermarkFrom, msgs.WatermarkTo)
	}
	before := walk(t, filepath.Join(dir, "lake"))
	again := export()
	if !again.Corps[0].NothingNew {
		t.Errorf("second run: %s", out.String())
	}
	if after := walk(t, filepath.Join(dir, "lake")); after != before {
		t.Errorf("second run wrote files: %d then %d", before, after)
	}
	// Without --corp: every corp, then the audit events without a corp (corp=_global).
	out.Reset()
	if code := run(context.Background(), []string{"lake", "export", "--config", path, "--once"}, &out, &errOut); code != 0 {
		t.Fatalf("lake export (all): exit %d: %s", code, errOut.String())
	}
	var all lake.Report
	if err := json.Unmarshal(out.Bytes(), &all); err != nil || all.Global == nil || all.Global.CorpID != lake.GlobalCorp ||
		len(all.Corps) != 1 {
		t.Fatalf("report of every corp: %v\n%s", err, out.String())
	}
	// 64-bit ids are strings in the report: JSON readers without int64 keep them exactly.
	if !strings.Contains(out.String(), `"watermark_to":"`) {
		t.Errorf("watermarks are not strings: %s", out.String())
	}
	if code := run(context.Background(), []string{"lake", "export", "--config", path, "--corp", "nope", "--once"}, &out, &errOut); code != 2 {
		t.Errorf("unknown corp: exit %d", code)
	}
}

func walk(t *testing.T, root string) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	return n
}

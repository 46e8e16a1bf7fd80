package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/wecomsim/archivesim"
)

func TestIngestOnceReport(t *testing.T) {
	dir := t.TempDir()
	keys, err := archivesim.LoadKeyDir(filepath.Join(dir, "keys"), 2)
	if err != nil {
		t.Fatal(err)
	}
	a, truth := archivesim.Generate(keys, archivesim.Options{Seed: 1, Messages: 120})
	srv := httptest.NewServer(archivesim.NewServer(a, archivesim.Config{CorpID: "wwsimcorp0000001", Secret: "sim"}))
	defer srv.Close()
	cfg := fmt.Sprintf(`db: sqlite:%s/t.db
corps:
  - key: main
    corp_id: wwsimcorp0000001
    base_url: %s
    secrets: {archive: sim}
    archive_keys:
      - {version: 1, private_key: "file:%s/keys/v1.pem"}
      - {version: 2, private_key: "file:%s/keys/v2.pem"}
    archive: {source: sim, url: %q}
`, dir, srv.URL, dir, dir, srv.URL)
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "--config", path, "--once", "--report"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var rep struct {
		Corps []struct {
			Corp      string           `json:"corp"`
			LastSeq   int64            `json:"last_seq"`
			Messages  int64            `json:"messages"`
			ByMsgType map[string]int64 `json:"by_msgtype"`
			Status    string           `json:"status"`
			SeqGaps   int64            `json:"seq_gaps"`
		} `json:"corps"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || strings.Count(strings.TrimSpace(out.String()), "\n") != 0 {
		t.Fatalf("not one JSON object: %v\n%s", err, out.String())
	}
	c := rep.Corps[0]
	if c.LastSeq != int64(len(truth)) || c.Messages != int64(len(truth)) || c.Status != "ok" || c.ByMsgType["text"] == 0 || c.ByMsgType["switch"] != 1 {
		t.Fatalf("report %+v", c)
	}
}

func TestIngestConfigError(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"ingest", "--config", filepath.Join(t.TempDir(), "missing.yaml"), "--once"}, &out, &errOut)
	if code == 0 || strings.Count(strings.TrimSpace(errOut.String()), "\n") != 0 || !strings.Contains(errOut.String(), "config") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

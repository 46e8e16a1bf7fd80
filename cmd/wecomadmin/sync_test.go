package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The refused path needs no WeCom: the file is validated first, so a bad
// file exits 2 with the report on stdout as one JSON object.
func TestSyncRefusedFileExits2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	hr := filepath.Join(dir, "hr.csv")
	_ = os.WriteFile(cfg, []byte("db: sqlite:"+filepath.Join(dir, "db.sqlite")+"\nlog: {level: error}\ncorps:\n  - key: main\n    corp_id: wwsimcorp0000001\n    base_url: http://127.0.0.1:9\n    secrets: {contacts: sim}\n"), 0o600)
	_ = os.WriteFile(hr, []byte("employee_id,name,email,mobile,department,title,status,archive_licence\nE1,张三,zhang.san@x.example,123,总部,t,active,no\n"), 0o600)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"sync", "--config", cfg, "--corp", "main", "--hr", hr, "--dry-run"}, &out, &errb)
	if code != 2 {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	var got struct {
		State  string `json:"state"`
		Report struct {
			Refused bool `json:"refused"`
			Errors  []struct {
				Line   int    `json:"line"`
				Column string `json:"column"`
				Reason string `json:"reason"`
			} `json:"errors"`
		} `json:"report"`
		Plan any `json:"plan"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out.String())
	}
	if got.State != "refused" || !got.Report.Refused || got.Plan != nil || len(got.Report.Errors) != 1 ||
		got.Report.Errors[0].Line != 2 || got.Report.Errors[0].Column != "mobile" || !strings.Contains(got.Report.Errors[0].Reason, "11 digits") {
		t.Errorf("output: %+v", got)
	}
	if code := run(context.Background(), []string{"sync", "--config", cfg}, &out, &errb); code != 2 {
		t.Errorf("missing flags: exit %d", code)
	}
}

package app

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/config"
)

// A one-shot command logs through the portal's masking logger and works on
// a migrated store that holds the configured corps.
func TestOpenCLI(t *testing.T) {
	cfg := config.Defaults()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "cli.db")
	cfg.Corps = []config.Corp{{Key: "main", CorpID: "wwclitest0000001", Name: "测试企业"}}
	var logs bytes.Buffer
	cli, err := OpenCLI(context.Background(), cfg, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	cli.Log.Warn("member skipped", "mobile", "13800138000", "detail", "call 13912345678")
	if out := logs.String(); strings.Contains(out, "13800138000") || strings.Contains(out, "13912345678") {
		t.Fatalf("a CLI log line holds a mobile number unmasked: %s", out)
	}
	corps, err := cli.Store.ListCorps(context.Background())
	if err != nil || len(corps) != 1 || corps[0].CorpID != "wwclitest0000001" || corps[0].Source != "config" {
		t.Fatalf("corps %+v, %v", corps, err)
	}
	if cli.Audit == nil {
		t.Fatal("no audit recorder")
	}
}

package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLakeConfig(t *testing.T) {
	d := Defaults().Lake
	if d.Prefix != "lake/" || d.Schedule != 0 || len(d.Formats) != 1 || d.Formats[0] != "parquet" || d.Blob.Backend != "local" {
		t.Fatalf("defaults: %+v", d)
	}
	for _, tc := range []struct {
		name, yaml, wantErr string
	}{
		{"contract", "lake: {blob: {backend: local, dir: /tmp/lake}, prefix: \"lake/\", schedule: 1h, formats: [parquet, jsonl]}\n", ""},
		{"bad backend", "lake: {blob: {backend: ftp}}\n", "lake.blob.backend"},
		{"azure without container", "lake: {blob: {backend: azure}}\n", "lake.blob.azure"},
		{"bad prefix", "lake: {prefix: \"../x/\"}\n", "lake.prefix"},
		{"prefix without slash", "lake: {prefix: \"lake\"}\n", "lake.prefix"},
		{"short schedule", "lake: {schedule: 5s}\n", "lake.schedule"},
		{"bad format", "lake: {formats: [csv]}\n", "lake.formats"},
		{"twice", "lake: {formats: [jsonl, jsonl]}\n", "lake.formats"},
		{"unknown key", "lake: {bucket: x}\n", "bucket"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(p, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, err := Load(p, nil)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if time.Duration(cfg.Lake.Schedule) != time.Hour || cfg.Lake.Blob.Dir != "/tmp/lake" || len(cfg.Lake.Formats) != 2 {
					t.Errorf("lake: %+v", cfg.Lake)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want one naming %s", err, tc.wantErr)
			}
		})
	}
}

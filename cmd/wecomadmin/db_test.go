package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/store/storetest"
)

// TestDBPartition: SQLite is refused (exit 2), a new PostgreSQL install is
// partitioned already (nothing to do), a bad subcommand is a usage error.
func TestDBPartition(t *testing.T) {
	dir := t.TempDir()
	write := func(name, db string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("db: "+db+"\ndata_dir: "+dir+"/data\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	type dbCase struct {
		name string
		args []string
		code int
		out  string
	}
	cases := []dbCase{
		{"usage", []string{"split"}, 2, ""},
		{"sqlite", []string{"partition", "--config", write("lite.yaml", "sqlite:"+dir+"/t.db")}, 2, ""},
	}
	if os.Getenv(storetest.EnvPostgres) != "" {
		cases = append(cases, dbCase{"postgres new install", []string{"partition", "--config", write("pg.yaml", storetest.NewPostgresDB(t))}, 0, "already partitioned"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runDB(context.Background(), tc.args, &out, &errOut)
			code := 0
			var ee *exitError
			if errors.As(err, &ee) {
				code = ee.code
			} else if err != nil {
				t.Fatalf("err = %v", err)
			}
			if code != tc.code || !strings.Contains(out.String(), tc.out) {
				t.Fatalf("code %d (want %d), out %q (want %q), err %v", code, tc.code, out.String(), tc.out, err)
			}
		})
	}
}

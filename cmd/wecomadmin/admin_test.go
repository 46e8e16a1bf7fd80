package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func TestAdminTokenAndAuditVerifyCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	cfg := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte("db: sqlite:"+db+"\nlog: {level: error}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out, errOut bytes.Buffer
	err := runAdminCreate(ctx, []string{"--config", cfg, "--username", "alice", "--role", "admin", "--password-stdin"},
		strings.NewReader("a long enough password\n"), &out, &errOut)
	if err != nil || !strings.Contains(out.String(), "TOTP secret: ") || !strings.Contains(out.String(), "otpauth://totp/") {
		t.Fatalf("admin create: %v\n%s%s", err, out.String(), errOut.String())
	}
	out.Reset()
	if code := run(ctx, []string{"admin", "token", "create", "--config", cfg, "--name", "hr", "--role", "account_manager",
		"--scope", "总部/人事部", "--expires", "30d"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "wa_") {
		t.Fatalf("token create: %d %s %s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run(ctx, []string{"audit", "verify", "--config", cfg}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "intact: 2 entries") {
		t.Fatalf("verify: %d %s %s", code, out.String(), errOut.String())
	}
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TRIGGER audit_events_no_update`, `UPDATE audit_events SET target = 'x' WHERE id = 2`} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	out.Reset()
	if code := run(ctx, []string{"audit", "verify", "--config", cfg}, &out, &errOut); code != 1 || !strings.Contains(out.String(), "BROKEN at entry 2") {
		t.Fatalf("verify after tampering: %d %s", code, out.String())
	}
	if code := run(ctx, []string{"admin", "create", "--config", cfg}, &out, &errOut); code != 2 {
		t.Fatalf("missing username: %d", code)
	}
}

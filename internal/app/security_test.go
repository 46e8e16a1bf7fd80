package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/config"
)

// TestBuildWiresSignInAndAudit signs the demo's admin in through the built
// API, the way the demo does it.
func TestBuildWiresSignInAndAudit(t *testing.T) {
	t.Parallel()
	cfg := config.Defaults()
	cfg.DB = "sqlite:" + filepath.Join(t.TempDir(), "t.db")
	cfg.Security.AuditSigningKey = config.NewSecret("an-audit-signing-key-of-32-characters-or-more")
	ctx := context.Background()
	a, err := Build(ctx, cfg, io.Discard, Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	const secret = "JBSWY3DPEHPK3PXP"
	if _, err := a.Auth.CreateLocalAdmin(ctx, "admin", "admin", "admin", secret); err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(secret, auth.TOTPStep(time.Now()))
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": "admin", "totp": code})
	r := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	a.API.Handler().ServeHTTP(w, r)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"permissions":["admins:read"`) {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	if _, err := a.Audit.Checkpoint(ctx); err != nil {
		t.Fatalf("checkpoint with configured key: %v", err)
	}
	rep, err := a.Audit.Verify(ctx)
	if err != nil || !rep.Intact || rep.Checked != 2 {
		t.Fatalf("verify = %+v %v", rep, err)
	}
}

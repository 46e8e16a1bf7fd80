package httpapi

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"wecomadmin/internal/auth"
)

// TestLiveStreamLimits: a caller holds at most maxStreamsPerCaller streams,
// and a stream's credential is checked again: a revoked token fails the
// re-check (finding 12).
func TestLiveStreamLimits(t *testing.T) {
	var l streamSlots
	for i := range maxStreamsPerCaller {
		if !l.take("token:1") {
			t.Fatalf("stream %d refused", i)
		}
	}
	if l.take("token:1") || !l.take("admin:1") {
		t.Fatal("the limit is not per caller (kind and id)")
	}
	l.release("token:1")
	if !l.take("token:1") {
		t.Fatal("a released slot is not reused")
	}

	e := newEnv(t, "sqlite", auth.Options{SessionIdle: time.Hour, SessionAbsolute: time.Hour})
	raw, tok, err := e.svc.CreateToken(context.Background(), auth.TokenSpec{Name: "stream", Role: auth.RoleAuditor})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/api/v1/jobs/1/events", nil)
	r.Header.Set("Authorization", "Bearer "+raw)
	r = r.WithContext(context.WithValue(context.Background(), routePermKey{}, auth.JobsRead))
	if !e.srv.stillAllowed(r) {
		t.Fatal("a valid token fails the re-check")
	}
	if err := e.svc.RevokeToken(context.Background(), tok.ID); err != nil {
		t.Fatal(err)
	}
	if e.srv.stillAllowed(r) {
		t.Fatal("a revoked token passes the re-check")
	}
}

package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"wecomadmin/internal/archive"
)

type stubConsent struct {
	fail   map[string]bool
	synced []string
}

func (s *stubConsent) Sync(_ context.Context, id string) (archive.ConsentResult, error) {
	s.synced = append(s.synced, id)
	if s.fail[id] {
		return archive.ConsentResult{}, errors.New("errcode 40001")
	}
	return archive.ConsentResult{}, nil
}

// TestConsentSyncGoesOnPastAFailingCorp: every corp is tried; the job's
// error names the failing ones.
func TestConsentSyncGoesOnPastAFailingCorp(t *testing.T) {
	s := &stubConsent{fail: map[string]bool{"b": true}}
	err := syncConsentAll(context.Background(), s, []string{"a", "b", "c"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if strings.Join(s.synced, ",") != "a,b,c" {
		t.Fatalf("synced %v", s.synced)
	}
	if err == nil || !strings.Contains(err.Error(), "consent b") || strings.Contains(err.Error(), "consent a") {
		t.Fatalf("err %v", err)
	}
	if err := syncConsentAll(context.Background(), &stubConsent{}, []string{"a"}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
}

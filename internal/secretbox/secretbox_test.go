package secretbox

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	key := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	b, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.Seal("corp-secret-值", "ww1/contacts")
	if err != nil || strings.Contains(s, "corp-secret") {
		t.Fatalf("Seal = %q, %v", s, err)
	}
	if v, err := b.Open(s, "ww1/contacts"); err != nil || v != "corp-secret-值" {
		t.Fatalf("Open = %q, %v", v, err)
	}
	for _, bad := range []struct{ v, ctx string }{{s, "ww2/contacts"}, {s[:len(s)-4] + "AAAA", "ww1/contacts"}, {"plain", "ww1/contacts"}} {
		if _, err := b.Open(bad.v, bad.ctx); !errors.Is(err, ErrOpen) {
			t.Errorf("Open(%q, %q) = %v, want ErrOpen", bad.v, bad.ctx, err)
		}
	}
	other, _ := New(base64.StdEncoding.EncodeToString([]byte(strings.Repeat("o", 32))))
	if _, err := other.Open(s, "ww1/contacts"); !errors.Is(err, ErrOpen) {
		t.Errorf("other key opened it: %v", err)
	}
	if _, err := New("short"); err == nil {
		t.Error("accepted a bad key")
	}
}

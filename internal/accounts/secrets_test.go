package accounts

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store/storetest"
)

// TestCorpSecretsNeverStoredInPlaintext: secrets entered through the API are
// sealed before they reach the database, and refused when no key is set.
func TestCorpSecretsNeverStoredInPlaintext(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	ctx := context.Background()
	in := CorpInput{CorpID: "wwnew", Key: "new", BaseURL: "https://qyapi.weixin.qq.com", Secrets: map[string]string{"contacts": "plain-secret-123"}}
	svc := &Service{Store: b.Store}
	if _, err := svc.SaveCorp(ctx, in, true); !errors.Is(err, ErrInvalid) {
		t.Fatalf("without a key: %v, want ErrInvalid", err)
	}
	box, _ := secretbox.New(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")))
	svc.SealSecret = box.Seal
	if _, err := svc.SaveCorp(ctx, in, true); err != nil {
		t.Fatal(err)
	}
	stored, err := b.Store.CorpSecret(ctx, "wwnew", "contacts")
	if err != nil || strings.Contains(stored, "plain-secret") {
		t.Fatalf("stored %q, %v", stored, err)
	}
	if v, err := box.Open(stored, "wwnew/contacts"); err != nil || v != "plain-secret-123" {
		t.Fatalf("open = %q, %v", v, err)
	}
}

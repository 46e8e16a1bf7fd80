package accounts

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store/storetest"
)

// TestCorpWritesCheckTheCorp: an admin of another corp (or of a department)
// cannot edit a corp, its archive, its keys or its settings, nor see it in
// the list (finding 1); a global admin can.
func TestCorpWritesCheckTheCorp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		svc, _ := newService(t, b.Store, newFake())
		box, _ := secretbox.New(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")))
		svc.SealSecret = box.Seal
		as := func(g auth.Grant) context.Context {
			return auth.WithPrincipal(context.Background(), auth.Principal{ID: 7, Kind: auth.KindAdmin, Grants: []auth.Grant{g}})
		}
		other := as(auth.Grant{Role: auth.RoleAdmin, CorpID: "wwother"})
		dept := as(auth.Grant{Role: auth.RoleAdmin, CorpID: testCorp, Departments: []string{"总部/医学部"}})
		in := CorpInput{CorpID: testCorp, Key: "main", BaseURL: "https://qyapi.weixin.qq.com"}
		for name, ctx := range map[string]context.Context{"other corp": other, "department": dept} {
			if _, err := svc.SaveCorp(ctx, in, false); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s: SaveCorp = %v", name, err)
			}
			if _, err := svc.SaveArchive(ctx, "main", ArchiveInput{Source: "sdk"}); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s: SaveArchive = %v", name, err)
			}
			if _, err := svc.AddArchiveKey(ctx, "main", ArchiveKeyInput{Version: 9, PrivateKey: testArchivePEM(t)}); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s: AddArchiveKey = %v", name, err)
			}
			if err := svc.SaveSettings(ctx, "main", Settings{LicenceQuota: 1}); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s: SaveSettings = %v", name, err)
			}
		}
		if cs, err := svc.Corps(other); err != nil || len(cs) != 0 {
			t.Errorf("another corp's admin lists %d corps, %v", len(cs), err)
		}
		if _, err := svc.Settings(other, "main"); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("another corp's admin reads settings: %v", err)
		}
		global := as(auth.Grant{Role: auth.RoleAdmin})
		if _, err := svc.SaveCorp(global, in, false); err != nil {
			t.Fatalf("global admin: %v", err)
		}
		if err := svc.SaveSettings(as(auth.Grant{Role: auth.RoleAdmin, CorpID: testCorp}), "main", Settings{LicenceQuota: 1}); err != nil {
			t.Fatalf("the corp's own admin: %v", err)
		}
	})
}

func testArchivePEM(t *testing.T) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

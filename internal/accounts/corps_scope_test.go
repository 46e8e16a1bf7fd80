package accounts

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"slices"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store"
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

// TestDepartmentScopedImport: an HR import by a department-scoped caller
// plans only its departments: employees elsewhere missing from its file
// are not disabled, rows elsewhere are left alone, and other people's runs
// (or another corp's) are not readable (finding 2).
func TestDepartmentScopedImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := seedWeCom()
		svc, _ := newService(t, b.Store, f)
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader(syncCSV), Actor: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Apply(ctx, out.RunID, out.RunID, "tester"); err != nil {
			t.Fatal(err)
		}
		dept := auth.WithPrincipal(ctx, auth.Principal{ID: 5, Name: "onc-token", Kind: auth.KindToken,
			Grants: []auth.Grant{{Role: auth.RoleAccountManager, CorpID: testCorp, Departments: []string{"总部/医学部/肿瘤事业部"}}}})
		file := `employee_id,name,email,mobile,department,title,status,archive_licence
E4,赵六,zhao.liu@x.example,13800138003,总部/医学部/肿瘤事业部,经理,active,no
E9,钱七,qian.qi@x.example,13800138009,总部/医学部,医药代表,active,no
`
		got, err := svc.Import(dept, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader(file), Actor: "onc-token"})
		if err != nil {
			t.Fatalf("scoped import: %v", err)
		}
		for _, st := range got.Plan.Steps {
			if st.UserID != "zhao.liu" {
				t.Errorf("step outside the department: %+v", st)
			}
		}
		if !slices.ContainsFunc(got.Report.Warnings, func(i Issue) bool { return i.Code == CodeOutOfScope && i.Line == 3 }) {
			t.Errorf("row outside the department not reported: %+v", got.Report.Warnings)
		}
		if _, err := svc.Run(dept, out.RunID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another caller's run read: %v", err)
		}
		if _, err := svc.Run(dept, got.RunID); err != nil {
			t.Errorf("own run: %v", err)
		}
		other := auth.WithPrincipal(ctx, auth.Principal{ID: 6, Name: "x", Kind: auth.KindAdmin,
			Grants: []auth.Grant{{Role: auth.RoleAdmin, CorpID: "wwother"}}})
		if _, err := svc.Run(other, out.RunID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another corp's run read: %v", err)
		}
		if _, err := svc.Apply(other, out.RunID, out.RunID, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another corp's run applied: %v", err)
		}
	})
}

// TestCorpSettingsAreRealAndAudited: the two-person rule, time zone and
// export lifetime can be set, keep the other settings keys, are audited,
// and only a holder of settings:write over the corp sets them (finding 7).
func TestCorpSettingsAreRealAndAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		svc, au := newService(t, b.Store, newFake())
		ctx := context.Background()
		if err := b.Store.SetCorpSettings(ctx, testCorp, `{"other":1}`); err != nil {
			t.Fatal(err)
		}
		in := CorpSettings{ExportApproval: true, TimeZone: "Asia/Shanghai", ExportTTLDays: 3}
		other := auth.WithPrincipal(ctx, auth.Principal{Kind: auth.KindAdmin, Grants: []auth.Grant{{Role: auth.RoleAdmin, CorpID: "wwother"}}})
		if _, err := svc.SaveCorpSettings(other, "main", in); !errors.Is(err, auth.ErrForbidden) {
			t.Fatalf("another corp's admin: %v", err)
		}
		for _, bad := range []CorpSettings{{TimeZone: "Mars/Olympus"}, {ExportTTLDays: -1}, {ExportTTLDays: 1000}} {
			if _, err := svc.SaveCorpSettings(ctx, "main", bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if _, err := svc.SaveCorpSettings(ctx, "main", in); err != nil {
			t.Fatal(err)
		}
		c, err := b.Store.CorpByKey(ctx, "main")
		if err != nil || !strings.Contains(c.Settings, `"export_approval":true`) || !strings.Contains(c.Settings, `"other":1`) {
			t.Fatalf("stored %q %v", c.Settings, err)
		}
		if got, _ := svc.CorpSettings(ctx, "main"); got != in {
			t.Fatalf("read back %+v", got)
		}
		if au.count("settings.update", "success") != 1 {
			t.Fatalf("audit %+v", au.events)
		}
	})
}

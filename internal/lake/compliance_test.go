package lake

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/mail"
	"os"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/lake/archivefmt"
	"wecomadmin/internal/store/storetest"
)

// TestComplianceFormats: a selection written as Actiance XML, EML and
// signed JSONL parses with encoding/xml, net/mail and verifies with the
// audit signing key; media bytes go along once the admin turns them on
// (audited); bad input and a missing key are refused.
func TestComplianceFormats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", MediaBytes: true}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		m3 := readTable[MessageRow](t, f, []Result{res}, "messages")[2]
		if len(m3.Media) != 1 || m3.Media[0].LakeKey != "lake/media/corp=ww1/sha256/2d/45/"+pngSHA {
			t.Fatalf("media not copied: %+v", m3.Media)
		}
		sel := ComplianceRequest{CorpID: "ww1", From: time.UnixMilli(1764900000000), To: time.UnixMilli(1765000000000)}

		sel.Format = ComplianceActiance
		out, err := f.svc.ExportCompliance(ctx, sel)
		if err != nil || out.Messages != 5 || len(out.Files) != 1 {
			t.Fatalf("actiance: %+v %v", out, err)
		}
		body, _ := os.ReadFile(f.path(out.Files[0].Key))
		if err := xml.Unmarshal(body, &struct {
			XMLName xml.Name `xml:"FileDump"`
			Conv    []struct {
				RoomID string `xml:"RoomID"`
			} `xml:"Conversation"`
		}{}); err != nil || !bytes.Contains(body, []byte("<Content>王医生您好，新药资料已发送 👍</Content>")) {
			t.Errorf("actiance xml: %v\n%s", err, body)
		}

		sel.Format = ComplianceEML
		out, err = f.svc.ExportCompliance(ctx, sel)
		if err != nil || len(out.Files) != 2 { // two conversation-days
			t.Fatalf("eml: %+v %v", out, err)
		}
		body, _ = os.ReadFile(f.path(out.Files[1].Key))
		msg, err := mail.ReadMessage(bytes.NewReader(body))
		if err != nil || msg.Header.Get("X-WeCom-Corp") != "ww1" {
			t.Fatalf("eml: %v %v", err, msg)
		}
		if !bytes.Contains(body, []byte("X-Sha256: "+pngSHA)) && !bytes.Contains(body, []byte("X-SHA256: "+pngSHA)) {
			t.Errorf("eml lacks the attachment:\n%s", body)
		}

		sel.Format = ComplianceJSONL
		if _, err := f.svc.ExportCompliance(ctx, sel); !errors.Is(err, audit.ErrNoSigner) {
			t.Errorf("signed jsonl without a key: %v", err)
		}
		signer, _ := audit.NewSigner(strings.Repeat("s", 32))
		out2, _ := local.New(t.TempDir())
		signed := New(f.st, out2, nil, audit.New(f.st, nil, signer), nil, Options{TempDir: t.TempDir()})
		got, err := signed.ExportCompliance(ctx, sel)
		if err != nil || len(got.Files) != 2 {
			t.Fatalf("signed jsonl: %+v %v", got, err)
		}
		obj, _ := out2.Open(ctx, got.Files[1].Key)
		var man archivefmt.SignedManifest
		if err := json.NewDecoder(obj).Decode(&man); err != nil || !signer.VerifyBytes(man.SignedBody(), man.Signature) ||
			man.Files[0].SHA256 != got.Files[0].SHA256 || man.Files[0].Rows != 5 {
			t.Errorf("manifest %+v %v", man, err)
		}
		_ = obj.Close()

		for _, bad := range []ComplianceRequest{{CorpID: "ww1", Format: "pst", From: sel.From, To: sel.To},
			{CorpID: "ww1", Format: ComplianceEML, From: sel.To, To: sel.From}} {
			if _, err := f.svc.ExportCompliance(ctx, bad); !errors.Is(err, ErrInput) {
				t.Errorf("%+v: %v, want ErrInput", bad, err)
			}
		}
		evs, _ := f.st.LakeAudit(ctx, "ww1", 0, 1<<62, 100)
		var actions []string
		for _, e := range evs {
			actions = append(actions, e.Action+":"+e.Target[:strings.IndexByte(e.Target, ':')])
		}
		joined := strings.Join(actions, " ")
		if !strings.Contains(joined, "lake.settings_update") || strings.Count(joined, "lake.export:compliance") < 2 ||
			!strings.Contains(joined, "lake.export:lake_run") {
			t.Errorf("audit: %s", joined)
		}
	})
}

// TestPermission: a reviewer (no settings:write) may not run, configure or
// list the corp's feeds; an admin of another corp may not either.
func TestPermission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b, Options{})
		for _, p := range []auth.Principal{
			{Name: "rev", Kind: "admin", Grants: []auth.Grant{{Role: auth.RoleReviewer}}},
			{Name: "other", Kind: "admin", Grants: []auth.Grant{{Role: auth.RoleAdmin, CorpID: "ww2"}}},
		} {
			ctx := auth.WithPrincipal(context.Background(), p)
			if _, err := f.svc.Export(ctx, "ww1", "api"); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s export: %v", p.Name, err)
			}
			if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", MaskPII: true}); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s settings: %v", p.Name, err)
			}
			if _, err := f.svc.Runs(ctx, "ww1", 10); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s runs: %v", p.Name, err)
			}
		}
	})
}

// TestMaskPII: with PII masked, mobiles, e-mail addresses and contacts'
// names are masked and raw records dropped; ids stay for joins.
func TestMaskPII(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", MaskPII: true}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		emps := readTable[EmployeeRow](t, f, []Result{res}, "employees")
		if emps[0].Mobile != "**********8000" || emps[0].Email != "z***@example.com" || emps[0].Name != "张三" {
			t.Errorf("employee: %+v", emps[0])
		}
		cs := readTable[ContactRow](t, f, []Result{res}, "contacts")
		if cs[0].Name != "王**" || cs[0].ExternalUserID != "wmDoctorA" {
			t.Errorf("contact: %+v", cs[0])
		}
		m := readTable[MessageRow](t, f, []Result{res}, "messages")[0]
		if m.ToNames[0] != "王**" || m.Raw != "{}" || m.FromName != "张三" {
			t.Errorf("message: %+v", m)
		}
	})
}

func TestMaskers(t *testing.T) {
	for _, tc := range []struct{ in, mobile, email, name string }{
		{"", "", "", ""},
		{"13800138000", "*******8000", "1**", "1**"},
		{"a@b.cn", "**b.cn", "a***@b.cn", "a**"},
		{"王医生", "***", "王**", "王**"},
	} {
		if got := maskMobile(tc.in); got != tc.mobile {
			t.Errorf("maskMobile(%q) = %q, want %q", tc.in, got, tc.mobile)
		}
		if got := maskEmail(tc.in); got != tc.email {
			t.Errorf("maskEmail(%q) = %q, want %q", tc.in, got, tc.email)
		}
		if got := maskName(tc.in); got != tc.name {
			t.Errorf("maskName(%q) = %q, want %q", tc.in, got, tc.name)
		}
	}
}

// TestComplianceFeed: with a continuous feed set, each run writes every
// complete UTC day once (two conversation-days here), and nothing again.
func TestComplianceFeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{})
		if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", ComplianceFormats: []string{"pst"}}); !errors.Is(err, ErrInput) {
			t.Fatalf("bad format: %v", err)
		}
		if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", ComplianceFormats: []string{ComplianceJSONL}}); !errors.Is(err, audit.ErrNoSigner) {
			t.Fatalf("signed-jsonl without a key: %v", err)
		}
		if _, err := f.svc.SetSettings(ctx, Settings{CorpID: "ww1", ComplianceFormats: []string{ComplianceEML}}); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Compliance) != 2 || res.Compliance[0].Messages != 4 || res.Compliance[1].Messages != 1 {
			t.Fatalf("feed: %+v", res.Compliance)
		}
		again, err := f.svc.Export(ctx, "ww1", "test")
		if err != nil || len(again.Compliance) != 0 {
			t.Fatalf("second run fed again: %+v %v", again.Compliance, err)
		}
		set, _ := f.svc.GetSettings(ctx, "ww1")
		if len(set.ComplianceFormats) != 1 || set.ComplianceFormats[0] != ComplianceEML {
			t.Errorf("settings: %+v", set)
		}
	})
}

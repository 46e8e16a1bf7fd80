package clamd

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/media/scan"
)

// eicar builds the EICAR test file at run time so the repository never
// holds it verbatim.
func eicar() []byte {
	return []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$` + "EICAR-STANDARD-ANTIVIRUS-" + `TEST-FILE!$H+H*`)
}

func zipped(name string, body []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write(body)
	zw.Close()
	return buf.Bytes()
}

func clients(t *testing.T) map[string]*Client {
	t.Helper()
	unix := os.Getenv("WECOMADMIN_TEST_CLAMD")
	if unix == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("WECOMADMIN_TEST_CLAMD is not set; make test starts clamd")
		}
		t.Skip("WECOMADMIN_TEST_CLAMD not set (make test starts clamd)")
	}
	out := map[string]*Client{"unix": New("unix", strings.TrimPrefix(unix, "unix:"), 30*time.Second)}
	if tcp := os.Getenv("WECOMADMIN_TEST_CLAMD_TCP"); tcp != "" {
		out["tcp"] = New("tcp", tcp, 30*time.Second)
	}
	return out
}

func TestRealClamd(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("正常的会议纪要 meeting notes\n"), 200_000) // ~6 MB, many chunks
	cases := []struct {
		name     string
		body     []byte
		infected bool
		sigHas   string
	}{
		{"clean text", []byte("您好，王医生，这是产品资料。"), false, ""},
		{"clean large", big, false, ""},
		{"eicar", eicar(), true, "WecomAdmin.Test.EICAR"},
		{"eicar in zip", zipped("资料.com", eicar()), true, "WecomAdmin.Test"},
		{"pattern in zip", zipped("notes.txt", []byte("hello WECOMADMIN-MALWARE-TEST-PATTERN-7f3a9c bye")), true, "WecomAdmin.Test.Pattern"},
		{"empty", nil, false, ""},
	}
	for name, c := range clients(t) {
		ctx := context.Background()
		v, err := c.Version(ctx)
		if err != nil || !strings.Contains(v, "ClamAV") {
			t.Fatalf("%s: Version = %q, %v", name, v, err)
		}
		for _, tc := range cases {
			got, err := c.Scan(ctx, bytes.NewReader(tc.body))
			if err != nil {
				t.Fatalf("%s/%s: %v", name, tc.name, err)
			}
			if got.Infected != tc.infected || !strings.Contains(got.Signature, tc.sigHas) {
				t.Errorf("%s/%s: verdict %+v", name, tc.name, got)
			}
		}
	}
}

func TestUnavailable(t *testing.T) {
	t.Parallel()
	c := New("unix", "/nonexistent/clamd.sock", time.Second)
	_, err := c.Scan(context.Background(), strings.NewReader("x"))
	if !errors.Is(err, scan.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}

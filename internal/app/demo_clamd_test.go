package app

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/media/scan/clamd"
)

// The demo's own clamd (started when ClamAV is installed, as `make test`
// installs it) answers on its socket, finds the EICAR test file with the
// signatures it was given, passes a clean file, and ends with the demo.
func TestDemoClamd(t *testing.T) {
	bin := findClamd()
	if bin == "" {
		t.Skip("clamd is not installed")
	}
	if hasSignatures(systemClamDB) {
		t.Skip("the machine's ClamAV database would load instead of the test signatures (slow)")
	}
	dir, err := os.MkdirTemp("", "hjclamd") // short: a unix socket path has a length limit
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := startDemoClamd(ctx, bin, dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	network, addr, err := config.ParseClamd(c.Addr)
	if err != nil || network != "unix" {
		t.Fatalf("%q: %s %v", c.Addr, network, err)
	}
	sc := clamd.New(network, addr, time.Minute)
	eicar := `X5O!P%@AP[4\PZX54(P^)7CC)7}$` + `EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`
	v, err := sc.Scan(ctx, strings.NewReader(eicar))
	if err != nil || !v.Infected || !strings.Contains(v.Signature, "WecomAdmin.Test.EICAR") {
		t.Fatalf("EICAR: %+v %v", v, err)
	}
	if v, err = sc.Scan(ctx, strings.NewReader("会议纪要 minutes")); err != nil || v.Infected {
		t.Fatalf("clean: %+v %v", v, err)
	}
	c.Stop()
	if _, err := sc.Version(ctx); err == nil {
		t.Fatal("clamd still answers after Stop")
	}
}

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"wecomadmin/internal/media/scan/clamd"
)

// demoSignatures is the signature set the demo's clamd loads when the
// machine has no ClamAV database (Debian's clamav ships none; freshclam
// needs the internet): the EICAR test file by hash and by its marker string,
// and the project's test marker, the same set as testdata/clamav. It proves
// the scan gate end to end; it is not protection, and the log says so.
const (
	demoHDB = "44d88612fea8a8f36de82e1278abb02f:68:WecomAdmin.Test.EICAR\n"
	demoNDB = "WecomAdmin.Test.EICAR-Pattern:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45\n" +
		"WecomAdmin.Test.Pattern:0:*:5745434f4d41444d494e2d4d414c574152452d544553542d5041545445524e2d376633613963\n"
	systemClamDB = "/var/lib/clamav"
)

// demoClamd is a clamd the demo started; stop ends it.
type demoClamd struct {
	Addr string // unix:/path of its socket (media.clamd)
	cmd  *exec.Cmd
	done chan struct{}
}

// findClamd returns the clamd binary, or "" when ClamAV is not installed
// (it lives in /usr/sbin, which a non-root PATH often lacks).
func findClamd() string {
	if p, err := exec.LookPath("clamd"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/clamd"); err == nil {
		return "/usr/sbin/clamd"
	}
	return ""
}

// hasSignatures reports whether dir holds a ClamAV database.
func hasSignatures(dir string) bool {
	for _, pat := range []string{"*.cvd", "*.cld"} {
		if m, _ := filepath.Glob(filepath.Join(dir, pat)); len(m) > 0 {
			return true
		}
	}
	return false
}

// startDemoClamd runs clamd in the foreground as the demo's child, on a unix
// socket under dataDir, and waits until it answers. It returns nil (and no
// error) when clamd is not installed: the demo then says scanning is off.
func startDemoClamd(ctx context.Context, bin, dataDir string, log *slog.Logger) (*demoClamd, error) {
	dir, err := filepath.Abs(filepath.Join(dataDir, "clamd"))
	if err != nil {
		return nil, err
	}
	db := systemClamDB
	real := hasSignatures(db)
	if !real {
		db = filepath.Join(dir, "db")
		if err := os.MkdirAll(db, 0o750); err != nil {
			return nil, fmt.Errorf("demo: clamd dir: %w", err)
		}
		if err := os.WriteFile(filepath.Join(db, "demo.hdb"), []byte(demoHDB), 0o600); err != nil {
			return nil, fmt.Errorf("demo: clamd signatures: %w", err)
		}
		if err := os.WriteFile(filepath.Join(db, "demo.ndb"), []byte(demoNDB), 0o600); err != nil {
			return nil, fmt.Errorf("demo: clamd signatures: %w", err)
		}
	}
	sock := filepath.Join(dir, "clamd.sock")
	if len(sock) > 100 { // a unix socket path is at most 108 bytes
		tmp, err := os.MkdirTemp("", "wecomadmin-clamd-")
		if err != nil {
			return nil, err
		}
		sock = filepath.Join(tmp, "clamd.sock")
	}
	_ = os.Remove(sock) // a socket left by a demo that was killed
	conf := strings.Join([]string{
		"DatabaseDirectory " + db, "LocalSocket " + sock, "Foreground yes",
		"LogFile " + filepath.Join(dir, "clamd.log"), "ScanArchive yes", "ScanPDF yes",
		"StreamMaxLength 200M", "MaxFileSize 200M", "MaxScanSize 400M", "",
	}, "\n")
	confPath := filepath.Join(dir, "clamd.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		return nil, fmt.Errorf("demo: clamd config: %w", err)
	}
	cmd := exec.Command(bin, "--config-file="+confPath)
	cmd.SysProcAttr = childOfDemo()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("demo: start clamd: %w", err)
	}
	c := &demoClamd{Addr: "unix:" + sock, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(c.done) }()
	if err := c.ready(ctx, sock, 3*time.Minute); err != nil {
		c.Stop()
		return nil, err
	}
	if real {
		log.Info("demo: clamd started with the ClamAV database", "db", db, "socket", sock)
	} else {
		log.Warn("demo: clamd started with test signatures only (EICAR): the scan gate works, but this is no protection", "socket", sock)
	}
	return c, nil
}

// ready waits until clamd answers VERSION on its socket, or has exited.
func (c *demoClamd) ready(ctx context.Context, sock string, limit time.Duration) error {
	cl := clamd.New("unix", sock, 5*time.Second)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, err := cl.Version(ctx); err == nil {
			return nil
		}
		select {
		case <-c.done:
			return errors.New("demo: clamd exited at start (see clamd.log in the data directory)")
		case <-ctx.Done():
			return fmt.Errorf("demo: clamd did not answer in %s", limit)
		case <-tick.C:
		}
	}
}

// Stop ends clamd and waits for it.
func (c *demoClamd) Stop() {
	if c == nil || c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Kill()
	<-c.done
}

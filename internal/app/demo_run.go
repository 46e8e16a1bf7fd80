package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"wecomadmin/internal/logging"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecomsim"
)

// DemoOptions configure `wecomadmin demo`.
type DemoOptions struct {
	Addr    string // portal address; 127.0.0.1:0 picks a free port
	DataDir string
	Seed    int64
	Log     io.Writer
	Version string
	// NoDirectory skips importing employees and reading customers at start
	// (tests that set up the directory themselves).
	NoDirectory bool
	// StartClamd runs clamd for the demo when ClamAV is installed (the
	// `demo` command sets it; WECOMADMIN_MEDIA_CLAMD names a running one
	// instead). Without clamd the demo says plainly that files are unscanned.
	StartClamd bool
}

// Demo is a running portal with its in-process simulator.
type Demo struct {
	App         *App
	Sim         *wecomsim.Simulator
	SimURL      string
	PortalURL   string
	Cred        DemoCredentials
	ln, simLn   net.Listener
	dataDir     string
	noDirectory bool
	clamd       *demoClamd
}

// StartDemo builds the simulator and the portal (SQLite under DataDir),
// seeds the demo data and binds both listeners; Run serves them.
func StartDemo(ctx context.Context, o DemoOptions) (*Demo, error) {
	if err := os.MkdirAll(o.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("demo: data dir: %w", err)
	}
	if err := os.WriteFile(filepath.Join(o.DataDir, DemoProductsFile), demoProducts, 0o600); err != nil {
		return nil, fmt.Errorf("demo: product catalog: %w", err)
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", o.Addr, err)
	}
	simLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("demo: simulator listen: %w", err)
	}
	d := &Demo{ln: ln, simLn: simLn, dataDir: o.DataDir, noDirectory: o.NoDirectory, SimURL: "http://" + simLn.Addr().String(), PortalURL: "http://" + ln.Addr().String()}
	log := logging.New(o.Log, "info", "auto")
	// The simulator sends its change events to the demo corp's callback URL.
	d.Sim, err = wecomsim.NewSimulator(DemoSimOptions(o.Seed, d.PortalURL, filepath.Join(o.DataDir, "simkeys"), log.With("component", "wecomsim")))
	if err != nil {
		d.Close()
		return nil, err
	}
	cfg := DemoConfig(ln.Addr().String(), o.DataDir, d.SimURL, d.Sim.Options().CorpID)
	if o.StartClamd {
		cfg.Media.Clamd = d.scanner(ctx, o.DataDir, log)
	}
	if d.App, err = Build(ctx, cfg, o.Log, Info{Version: o.Version}); err != nil {
		d.Close()
		return nil, err
	}
	if d.Cred, err = SeedDemo(ctx, d.App); err != nil {
		d.Close()
		return nil, fmt.Errorf("demo: seed: %w", err)
	}
	return d, nil
}

// Run serves the portal and the simulator until ctx ends.
func (d *Demo) Run(ctx context.Context) error {
	simCtx, stopSim := context.WithCancel(ctx)
	defer stopSim()
	g := supervise.NewGroup(d.App.Log)
	g.Go(simCtx, "wecomsim", func(ctx context.Context) error { return d.Sim.Serve(ctx, d.simLn, d.App.Log) })
	// The simulator's listener is bound, so the seeding's calls wait for it to serve.
	g.Go(ctx, "demo-seed", func(ctx context.Context) error {
		if d.noDirectory {
			return nil
		}
		if err := d.seedDirectory(ctx, d.dataDir); err != nil && ctx.Err() == nil {
			d.App.Log.Warn("demo directory not seeded", "err", err)
		}
		return nil
	})
	err := d.App.Serve(ctx, d.ln)
	stopSim()
	d.clamd.Stop()
	if werr := g.Wait(); werr != nil && err == nil {
		err = werr
	}
	return err
}

// Close releases what StartDemo opened when Run is not called.
func (d *Demo) Close() {
	if d.ln != nil {
		d.ln.Close()
	}
	d.simLn.Close()
	if d.App != nil {
		d.App.Close()
	}
	d.clamd.Stop()
}

// scanner is the demo's media.clamd: WECOMADMIN_MEDIA_CLAMD when set, else a
// clamd the demo starts when ClamAV is installed, else "" (scanning off).
func (d *Demo) scanner(ctx context.Context, dataDir string, log *slog.Logger) string {
	if v := os.Getenv("WECOMADMIN_MEDIA_CLAMD"); v != "" {
		return v
	}
	bin := findClamd()
	if bin == "" {
		log.Warn("demo: ClamAV (clamd) is not installed: malware scanning is OFF and every file is served unscanned, flagged as such")
		return ""
	}
	c, err := startDemoClamd(ctx, bin, dataDir, log)
	if err != nil {
		log.Warn("demo: clamd could not start: malware scanning is OFF and every file is served unscanned, flagged as such", "err", err)
		return ""
	}
	d.clamd = c
	return c.Addr
}

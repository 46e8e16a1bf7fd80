// Command wecomadmin is the Wecom Admin Portal: one binary with the
// subcommands serve, demo, sim, migrate, config and version.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set with -ldflags "-X main.version=...".
var version = "dev"

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the portal (--config FILE)", runServe},
		{"demo", "run the portal with the in-process simulator and seeded data", runDemo},
		{"sim", "run the WeCom simulator standalone", runSim},
		{"migrate", "apply database migrations (--config FILE)", runMigrate},
		{"db", "db partition --config FILE [--batch N]: partition PostgreSQL messages by month, online, resumable", runDB},
		{"admin", "admin create | admin token create: first admin and API tokens (--config FILE)", runAdmin},
		{"audit", "audit verify: walk the audit chain, exit 1 when broken (--config FILE)", runAudit},
		{"ingest", "pull the conversation archive (--config FILE --once --report)", runIngest},
		{"finance-worker", "internal: the Finance SDK worker process", runFinanceWorker},
		{"sync", "HR sync: --config FILE --corp KEY --hr FILE.csv [--dry-run]", runSync},
		{"lake", "lake export --config FILE [--corp KEY] --once: incremental Parquet/JSONL feed to Blob", runLake},
		{"monitor", "monitor classify --products FILE [--config FILE]: JSON lines in, labels and hits out", runMonitor},
		{"config", "config dump: print the effective configuration, secrets redacted", runConfig},
		{"version", "print the version", func(_ context.Context, _ []string, out, _ io.Writer) error {
			_, err := fmt.Fprintln(out, version)
			return err
		}},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// exitError carries a specific exit status (2: input refused).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if err := c.run(ctx, args[1:], stdout, stderr); err != nil {
				fmt.Fprintf(stderr, "wecomadmin %s: %v\n", c.name, err)
				if ee, ok := err.(*exitError); ok {
					return ee.code
				}
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "wecomadmin: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: wecomadmin <command> [flags]")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
}

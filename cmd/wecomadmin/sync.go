package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"wecomadmin/internal/app"
)

// runSync is `wecomadmin sync --config FILE --corp KEY --hr FILE.csv [--dry-run]`:
// it prints one JSON object (validation report, plan, result) and exits 2
// when the HR file is refused.
func runSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	var opt app.SyncOptions
	fs.StringVar(&opt.Corp, "corp", "", "corp key")
	fs.StringVar(&opt.HRFile, "hr", "", "HR file (.csv, or .json in the API's form)")
	fs.BoolVar(&opt.DryRun, "dry-run", false, "validate and plan only")
	fs.StringVar(&opt.Threshold, "threshold", "", `refuse the file above this many bad rows ("10") or share ("5%"); default: the corp's setting`)
	fs.Int64Var(&opt.Resume, "resume", 0, "resume an interrupted run by id instead of importing")
	if err := fs.Parse(args); err != nil {
		return &exitError{2, err}
	}
	if opt.Resume == 0 && (opt.Corp == "" || opt.HRFile == "") {
		return &exitError{2, fmt.Errorf("usage: wecomadmin sync --config FILE --corp KEY --hr FILE.csv [--dry-run]")}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	a, err := app.Build(ctx, cfg, stderr, app.Info{Version: version})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Sync(ctx, opt, stdout); err != nil {
		if errors.Is(err, app.ErrSyncRefused) {
			return &exitError{2, err}
		}
		return err
	}
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"wecomadmin/internal/app"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/lake"
)

// runLake is `lake export --config FILE [--corp KEY] --once`: one
// incremental run per corp, printed as one JSON object (the manifests).
// Without --once it runs every lake.schedule until interrupted.
func runLake(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return &exitError{code: 2, err: errors.New("usage: lake export --config FILE [--corp KEY] --once")}
	}
	fs := flag.NewFlagSet("lake export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	corp := fs.String("corp", "", "only this corp (key or corp id)")
	once := fs.Bool("once", false, "run once, print the result, exit")
	if err := fs.Parse(args[1:]); err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if !*once && cfg.Lake.Schedule <= 0 {
		return &exitError{code: 2, err: errors.New("lake export: give --once, or set lake.schedule to run repeatedly")}
	}
	cli, err := app.OpenCLI(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer cli.Close()
	st, rec, log := cli.Store, cli.Audit, cli.Log
	media, err := app.OpenBlob(ctx, cfg)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	svc, err := app.NewLake(ctx, cfg, st, rec, media, log)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	ctx = audit.WithActor(ctx, "cli:lake-export")
	for {
		rep, err := svc.ExportAll(ctx, *corp, "cli")
		if errors.Is(err, lake.ErrNoCorp) {
			return &exitError{code: 2, err: err}
		}
		if *once {
			if perr := json.NewEncoder(stdout).Encode(rep); perr != nil {
				return perr
			}
			return err
		}
		if err != nil {
			fmt.Fprintf(stderr, "wecomadmin lake export: %v\n", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Duration(cfg.Lake.Schedule)):
		}
	}
}

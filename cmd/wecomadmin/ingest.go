package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"wecomadmin/internal/app"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/supervise"
)

// runIngest pulls every corp's conversation archive: with --once until
// caught up, else until interrupted; --report prints one JSON object.
func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	once := fs.Bool("once", false, "pull until caught up, then exit")
	report := fs.Bool("report", false, "print the completeness report as one JSON object")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	cli, err := app.OpenCLI(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer cli.Close()
	in, closeIngest, err := cli.Ingester(ctx)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	defer closeIngest()
	log := cli.Log
	if len(in.CorpIDs()) == 0 {
		return &exitError{code: 2, err: errors.New("config: no corp has an archive source (corps[].archive.source)")}
	}
	var failed error
	if *once {
		for _, id := range in.CorpIDs() {
			if _, err := in.SyncOnce(ctx, id); err != nil {
				failed = errors.Join(failed, fmt.Errorf("corp %s: %w", id, err))
			}
		}
	} else {
		g := supervise.NewGroup(log)
		for _, id := range in.CorpIDs() {
			g.Go(ctx, "archive-"+id, func(ctx context.Context) error { return in.RunCorp(ctx, id) })
		}
		<-ctx.Done()
		g.Wait()
	}
	if *report {
		if err := printReport(ctx, in, stdout); err != nil {
			return err
		}
	}
	return failed
}

func printReport(ctx context.Context, in *archive.Ingester, w io.Writer) error {
	reps, err := in.Report(ctx)
	if err != nil {
		return err
	}
	out := map[string]any{"corps": reps}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func runFinanceWorker(ctx context.Context, _ []string, _, _ io.Writer) error {
	return app.RunFinanceWorker(ctx)
}

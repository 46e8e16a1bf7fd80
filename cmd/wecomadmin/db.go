package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"wecomadmin/internal/app"
	"wecomadmin/internal/store"
)

// runDB is `db partition --config FILE [--batch N]`: converts a PostgreSQL
// messages table that predates partitioning, online and resumably (see
// store.ConvertMessagesToPartitioned). Progress goes to stdout a line per
// batch; Ctrl-C stops between batches and a rerun resumes.
func runDB(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "partition" {
		return &exitError{code: 2, err: errors.New("usage: db partition --config FILE [--batch N]")}
	}
	fs := flag.NewFlagSet("db partition", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (YAML)")
	batch := fs.Int("batch", 10_000, "rows copied per transaction")
	if err := fs.Parse(args[1:]); err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	st, err := app.OpenStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	p, err := st.ConvertMessagesToPartitioned(ctx, *batch, func(p store.ConvertProgress) {
		switch {
		case p.Phase == "copy" && p.Total > 0:
			fmt.Fprintf(stdout, "copy: %d of about %d rows (%.1f%%), after id %d\n", p.Copied, p.Total,
				min(100, 100*float64(p.Copied)/float64(p.Total)), p.After)
		case p.Phase == "copy":
			fmt.Fprintf(stdout, "copy: %d rows, after id %d\n", p.Copied, p.After)
		case p.Phase != "partitioned":
			fmt.Fprintf(stdout, "%s\n", p.Phase)
		}
	})
	switch {
	case errors.Is(err, store.ErrNotConvertible):
		return &exitError{code: 2, err: errors.New("db partition: SQLite keeps one messages table")}
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stdout, "interrupted after id %d (%d rows copied): run again to resume\n", p.After, p.Copied)
		return &exitError{code: 1, err: err}
	case err != nil:
		return err
	case p.Phase == "partitioned":
		_, err = fmt.Fprintln(stdout, "messages is already partitioned: nothing to do")
		return err
	}
	_, err = fmt.Fprintln(stdout, "messages is partitioned; the old table is kept as messages_unpartitioned: drop it when satisfied")
	return err
}

package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/supervise"
)

// A feature registers its kinds on the app's runner at build time and
// enqueues work, often inside the transaction that caused it.
func Example() {
	ctx := context.Background()
	var st *store.Store // the app's store
	if st == nil {
		return // (an example: not run)
	}
	r := jobs.New(st, jobs.Options{Workers: 4})
	type download struct {
		CorpID, MsgID, SDKFileID string
	}
	r.Register("media.download", func(ctx context.Context, j jobs.Job, p *jobs.Progress) error {
		var d download
		if err := j.Decode(&d); err != nil {
			return err // already permanent: a bad payload never decodes
		}
		p.Update(0, 3, "fetching chunks")
		if d.SDKFileID == "" {
			return jobs.Permanent(errors.New("no sdkfileid"))
		}
		p.SetResult(`{"bytes":12345}`)
		return nil
	}, jobs.Policy{MaxAttempts: 8, Timeout: 10 * time.Minute, Concurrency: 2})
	r.Every("retention.sweep", time.Hour, func(ctx context.Context) error { return nil })
	r.Start(ctx, supervise.NewGroup(slog.Default()))

	// Archive ingest: enqueue in the same transaction as the message.
	_ = st.WithTx(ctx, func(ctx context.Context) error {
		// ... store the message ...
		id, err := r.Enqueue(ctx, jobs.NewJob{
			Kind: "media.download", CorpID: "ww1", DedupeKey: "ww1/msgid-1",
			Payload: download{CorpID: "ww1", MsgID: "msgid-1", SDKFileID: "CtYBMzA2OTAyMDEw"},
		})
		fmt.Println(id)
		return err
	})
}

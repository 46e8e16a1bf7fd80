package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestJobActionsAudited: retry, cancel and run-now land on the audit chain
// with the actor, the job and the outcome; a refused one as a failure.
func TestJobActionsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := audit.WithActor(context.Background(), "admin:alice")
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		r := jobs.New(b.Store, jobs.Options{})
		r.Every("demo.tick", time.Hour, func(context.Context) error { return nil })
		aj := auditedJobs{r, audit.New(b.Store, log, nil)}
		id, err := r.Enqueue(ctx, jobs.NewJob{Kind: "demo.kind"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := aj.CancelJob(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := aj.RetryJob(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := aj.RunPeriodic(ctx, "demo.tick"); err != nil {
			t.Fatal(err)
		}
		if _, err := aj.RunPeriodic(ctx, "no.such"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown task: %v", err)
		}
		evs, err := b.Store.ListAudit(context.Background(), store.AuditFilter{Action: "job.", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range evs {
			if e.Actor != "admin:alice" {
				t.Errorf("%s by %q", e.Action, e.Actor)
			}
			got[e.Action+" "+e.Target] = e.Outcome
		}
		want := map[string]string{"job.cancel job:" + itoa(id): "success", "job.retry job:" + itoa(id): "success",
			"job.run periodic:demo.tick": "success", "job.run periodic:no.such": "failure"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

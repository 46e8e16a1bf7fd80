package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// The admin side of the runner: what the API's jobs page calls.

// ListJobs lists jobs newest first; next is the cursor of the next page (0 at the end).
func (r *Runner) ListJobs(ctx context.Context, f store.JobFilter) (jobs []store.Job, next int64, err error) {
	if f, err = scopeJobFilter(ctx, f); err != nil {
		return nil, 0, err
	}
	return r.st.ListJobs(ctx, f)
}

// Job returns one job.
func (r *Runner) Job(ctx context.Context, id int64) (store.Job, error) {
	j, err := r.st.GetJob(ctx, id)
	if err != nil {
		return j, err
	}
	if err := allowedJob(ctx, auth.JobsRead, j); err != nil {
		return store.Job{}, err
	}
	return j, nil
}

// RetryJob requeues a dead (or cancelled) job with fresh attempts.
func (r *Runner) RetryJob(ctx context.Context, id int64) (store.Job, error) {
	if err := r.allowedWrite(ctx, id); err != nil {
		return store.Job{}, err
	}
	j, err := r.st.RetryJob(ctx, id)
	if err == nil {
		r.signal()
	}
	return j, err
}

// CancelJob cancels a queued or running job.
func (r *Runner) CancelJob(ctx context.Context, id int64) (store.Job, error) {
	if err := r.allowedWrite(ctx, id); err != nil {
		return store.Job{}, err
	}
	return r.st.CancelJob(ctx, id)
}

func (r *Runner) allowedWrite(ctx context.Context, id int64) error {
	j, err := r.st.GetJob(ctx, id)
	if err != nil {
		return err
	}
	return allowedJob(ctx, auth.JobsWrite, j)
}

// Counts returns the number of jobs by kind and state.
func (r *Runner) Counts(ctx context.Context) ([]store.JobCount, error) { return r.st.JobCounts(ctx) }

// depthCollector exports queue depth by kind and state, counted at scrape time.
type depthCollector struct {
	st   Admin
	desc *prometheus.Desc
}

func newDepthCollector(st Admin) *depthCollector {
	return &depthCollector{st: st, desc: prometheus.NewDesc("wecomadmin_jobs",
		"Jobs in the queue by kind and state, counted at scrape time.", []string{"kind", "state"}, nil)}
}

func (c *depthCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.st.JobCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n.N), n.Kind, string(n.State))
	}
}

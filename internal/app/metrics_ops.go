package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"wecomadmin/internal/store"
)

// opsCollector exports, at scrape time, what the alert rules watch: each
// corp's ingest lag and cursor, the job queue by kind and state (dead
// letters), and whether this replica holds leases. Reads are cheap (cursor
// rows and a GROUP BY on jobs), bounded by a short timeout.
type opsCollector struct {
	st      *store.Store
	holds   func() int
	lag     *prometheus.Desc
	cursor  *prometheus.Desc
	jobs    *prometheus.Desc
	leases  *prometheus.Desc
	timeout time.Duration
}

func newOpsCollector(st *store.Store, holds func() int) *opsCollector {
	return &opsCollector{st: st, holds: holds, timeout: 5 * time.Second,
		lag: prometheus.NewDesc("wecomadmin_archive_lag_seconds",
			"Seconds since the newest stored archive message of the corp.", []string{"corp"}, nil),
		cursor: prometheus.NewDesc("wecomadmin_archive_cursor_seq",
			"The corp's committed archive seq.", []string{"corp"}, nil),
		jobs: prometheus.NewDesc("wecomadmin_jobs",
			"Jobs in the durable queue by kind and state (dead = given up).", []string{"kind", "state"}, nil),
		leases: prometheus.NewDesc("wecomadmin_leases_held",
			"Singleton work units (a corp's ingest) this replica holds.", nil, nil),
	}
}

func (c *opsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.lag
	ch <- c.cursor
	ch <- c.jobs
	ch <- c.leases
}

func (c *opsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	ch <- prometheus.MustNewConstMetric(c.leases, prometheus.GaugeValue, float64(c.holds()))
	if corps, err := c.st.ListCorps(ctx); err == nil {
		now := time.Now().UnixMilli()
		for _, corp := range corps {
			cur, err := c.st.ArchiveCursor(ctx, corp.CorpID)
			if err != nil || cur.LastPullAt == 0 {
				continue // never pulled: no archive for this corp
			}
			ch <- prometheus.MustNewConstMetric(c.cursor, prometheus.GaugeValue, float64(cur.Seq), corp.Key)
			if cur.LastMessageAt > 0 {
				ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, float64(now-cur.LastMessageAt)/1000, corp.Key)
			}
		}
	}
	if counts, err := c.st.JobCounts(ctx); err == nil {
		for _, j := range counts {
			ch <- prometheus.MustNewConstMetric(c.jobs, prometheus.GaugeValue, float64(j.N), j.Kind, string(j.State))
		}
	}
}

// auditChainGauge is set by the hourly audit.verify task: 1 intact, 0 broken.
func auditChainGauge() prometheus.Gauge {
	return prometheus.NewGauge(prometheus.GaugeOpts{Name: "wecomadmin_audit_chain_ok",
		Help: "1 when the last audit chain verification found the chain intact, 0 when broken."})
}

// registerOps adds the collectors and the verification task.
func (a *App) registerOps() {
	holds := func() int {
		if a.Cluster == nil {
			return 0
		}
		return len(a.Cluster.Holds())
	}
	_ = a.Metrics.Register(newOpsCollector(a.Store, holds))
	g := auditChainGauge()
	_ = a.Metrics.Register(g)
	a.Jobs.Every("audit.verify", time.Hour, func(ctx context.Context) error {
		rep, err := a.Audit.Verify(ctx)
		if err != nil {
			return err
		}
		g.Set(boolFloat(rep.Intact))
		return nil
	})
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Package metrics owns the Prometheus registry and the collectors shared by
// the HTTP server, the WeCom client and the job workers.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is built once by the composition root and handed to whoever records.
type Metrics struct {
	Registry     *prometheus.Registry
	HTTPRequests *prometheus.CounterVec
	HTTPDuration *prometheus.HistogramVec
	WeComCalls   *prometheus.CounterVec
	WeComLatency *prometheus.HistogramVec
	JobRuns      *prometheus.CounterVec
	Callbacks    *prometheus.CounterVec
	InboxApplied *prometheus.CounterVec
	WelcomeDelay *prometheus.HistogramVec
}

// New registers every collector on a fresh registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wecomadmin_http_requests_total", Help: "HTTP requests by route pattern and status.",
		}, []string{"route", "status"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wecomadmin_http_request_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		WeComCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wecomadmin_wecom_calls_total", Help: "WeCom API calls by corp, endpoint and errcode (-2 = transport error).",
		}, []string{"corp", "endpoint", "errcode"}),
		WeComLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wecomadmin_wecom_call_seconds", Help: "WeCom API call latency by endpoint.",
			Buckets: prometheus.DefBuckets,
		}, []string{"endpoint"}),
		JobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wecomadmin_job_runs_total", Help: "Job executions by kind and outcome.",
		}, []string{"kind", "outcome"}),
		Callbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wecomadmin_callbacks_total", Help: "WeCom callbacks received by corp, event and outcome (accepted, duplicate, rejected_<kind>).",
		}, []string{"corp", "event", "outcome"}),
		InboxApplied: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wecomadmin_callback_inbox_total", Help: "Stored callbacks applied by corp, event and outcome (applied, retry, dead).",
		}, []string{"corp", "event", "outcome"}),
		// WeCom's welcome code lives 20 s: the buckets show how close sends come.
		WelcomeDelay: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wecomadmin_welcome_delay_seconds", Help: "Callback receipt to welcome message send, by corp and status.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 20},
		}, []string{"corp", "status"}),
	}
	reg.MustRegister(m.HTTPRequests, m.HTTPDuration, m.WeComCalls, m.WeComLatency, m.JobRuns, m.Callbacks, m.InboxApplied, m.WelcomeDelay,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// GaugeFunc registers a gauge vector computed at scrape time (queue depth).
func (m *Metrics) Register(c prometheus.Collector) error { return m.Registry.Register(c) }

package app

import (
	"time"

	"wecomadmin/internal/metrics"
)

// contactsMetrics records the contacts domain's callback events in Prometheus.
type contactsMetrics struct{ m *metrics.Metrics }

func (c contactsMetrics) CallbackReceived(corpID, event, outcome string) {
	c.m.Callbacks.WithLabelValues(corpID, event, outcome).Inc()
}

func (c contactsMetrics) InboxApplied(corpID, event, outcome string) {
	c.m.InboxApplied.WithLabelValues(corpID, event, outcome).Inc()
}

func (c contactsMetrics) WelcomeFinished(corpID, status string, delay time.Duration) {
	c.m.WelcomeDelay.WithLabelValues(corpID, status).Observe(delay.Seconds())
}

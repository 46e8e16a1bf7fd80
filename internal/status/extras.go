package status

import (
	"context"
	"encoding/json"

	"wecomadmin/internal/store"
)

// ExtraSource gives the figures beyond ingest and media (consent coverage,
// licence use, callback and HR sync health, quarantined records by key
// version). Optional: a Source without it leaves those fields empty.
type ExtraSource interface {
	StatusExtras(ctx context.Context) (map[string]*store.CorpExtras, error)
}

// Licences is archive licence use against the quota the corp bought.
type Licences struct {
	Quota     int   `json:"quota"`     // 0: not set
	Licensed  int64 `json:"licensed"`  // HR says licensed
	Permitted int64 `json:"permitted"` // WeCom archives them
	OverQuota bool  `json:"over_quota"`
}

// Callbacks is the health of a corp's WeCom callback inbox.
type Callbacks struct {
	ByState        map[string]int64 `json:"by_state"`
	LastReceivedAt int64            `json:"last_received_at,omitempty"` // ms
	LastError      string           `json:"last_error,omitempty"`
	// State: ok (received, none failing), degraded (failed or dead ones),
	// idle (none received yet).
	State string `json:"state"`
}

// Sync is the newest HR sync run of a corp.
type Sync struct {
	LastRunID  int64  `json:"last_run_id,omitempty"`
	State      string `json:"state"` // the run's state; "none" before the first
	StartedAt  int64  `json:"started_at,omitempty"`
	FinishedAt int64  `json:"finished_at,omitempty"`
	LastError  string `json:"last_error,omitempty"`
}

// KeyQuarantine counts unresolved quarantined archive records of one
// publickey_ver and reason (a missing key version shows up here).
type KeyQuarantine struct {
	Version int    `json:"publickey_ver"`
	Reason  string `json:"reason"`
	Count   int64  `json:"count"`
}

func (s *Service) extras(ctx context.Context) (map[string]*store.CorpExtras, error) {
	x, ok := s.src.(ExtraSource)
	if !ok {
		return map[string]*store.CorpExtras{}, nil
	}
	return x.StatusExtras(ctx)
}

// fillExtras copies one corp's extra figures into its report entry; a corp
// without them gets empty, well-formed values.
func fillExtras(c *Corp, e *store.CorpExtras) {
	c.Consent = map[string]int64{}
	c.Callbacks = Callbacks{ByState: map[string]int64{}, State: "idle"}
	c.Sync = Sync{State: "none"}
	c.KeyQuarantine = []KeyQuarantine{}
	if e == nil {
		return
	}
	for k, v := range e.Consent {
		c.Consent[k] = v
	}
	var st struct {
		LicenceQuota int `json:"licence_quota"`
	}
	if e.SettingsJSON != "" {
		_ = json.Unmarshal([]byte(e.SettingsJSON), &st) // a malformed document reads as "no quota"
	}
	c.Licences = Licences{Quota: st.LicenceQuota, Licensed: e.Licensed, Permitted: e.Permitted,
		OverQuota: st.LicenceQuota > 0 && max(e.Licensed, e.Permitted) > int64(st.LicenceQuota)}
	for k, v := range e.Callbacks {
		c.Callbacks.ByState[k] = v
	}
	c.Callbacks.LastReceivedAt, c.Callbacks.LastError = e.LastCallbackAt, e.CallbackError
	switch {
	case e.Callbacks["failed"]+e.Callbacks["dead"] > 0:
		c.Callbacks.State = "degraded"
	case e.LastCallbackAt > 0:
		c.Callbacks.State = "ok"
	}
	if r := e.LastSync; r.ID > 0 {
		c.Sync = Sync{LastRunID: r.ID, State: r.State, StartedAt: r.CreatedAt, FinishedAt: r.FinishedAt, LastError: r.LastError}
	}
	for _, q := range e.KeyQuarantine {
		c.KeyQuarantine = append(c.KeyQuarantine, KeyQuarantine{Version: q.Version, Reason: q.Reason, Count: q.Count})
	}
}

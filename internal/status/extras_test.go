package status

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"wecomadmin/internal/store"
)

type extraSource struct {
	fakeSource
	extras map[string]*store.CorpExtras
}

func (e extraSource) StatusExtras(context.Context) (map[string]*store.CorpExtras, error) {
	return e.extras, nil
}

func TestReportExtras(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   *store.CorpExtras
		want func(t *testing.T, c Corp)
	}{
		{"full figures", &store.CorpExtras{
			Consent: map[string]int64{"agreed": 3, "refused": 1}, Licensed: 7, Permitted: 6, SettingsJSON: `{"licence_quota":6}`,
			Callbacks: map[string]int64{"done": 4, "failed": 1}, LastCallbackAt: 99, CallbackError: "bad xml",
			LastSync:      store.SyncRunSummary{ID: 2, State: "applied", CreatedAt: 5, FinishedAt: 6},
			KeyQuarantine: []store.KeyQuarantine{{Version: 2, Reason: "missing_key", Count: 3}},
		}, func(t *testing.T, c Corp) {
			if c.Consent["agreed"] != 3 || c.Licences != (Licences{Quota: 6, Licensed: 7, Permitted: 6, OverQuota: true}) {
				t.Fatalf("consent/licences = %+v %+v", c.Consent, c.Licences)
			}
			if c.Callbacks.State != "degraded" || c.Callbacks.LastReceivedAt != 99 || c.Callbacks.LastError != "bad xml" {
				t.Fatalf("callbacks = %+v", c.Callbacks)
			}
			if c.Sync.State != "applied" || c.Sync.LastRunID != 2 || len(c.KeyQuarantine) != 1 || c.KeyQuarantine[0].Version != 2 {
				t.Fatalf("sync/keys = %+v %+v", c.Sync, c.KeyQuarantine)
			}
		}},
		{"callbacks flowing, no quota", &store.CorpExtras{Callbacks: map[string]int64{"done": 1}, LastCallbackAt: 1, Licensed: 9, SettingsJSON: `not json`},
			func(t *testing.T, c Corp) {
				if c.Callbacks.State != "ok" || c.Licences.OverQuota || c.Licences.Quota != 0 {
					t.Fatalf("callbacks/licences = %+v %+v", c.Callbacks, c.Licences)
				}
			}},
		{"no extras for the corp", nil, func(t *testing.T, c Corp) {
			if c.Callbacks.State != "idle" || c.Sync.State != "none" || c.Consent == nil || c.KeyQuarantine == nil {
				t.Fatalf("empty = %+v", c)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := New(extraSource{extras: map[string]*store.CorpExtras{"ww1": tc.in}}, "v1")
			r, err := s.Report(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			tc.want(t, r.Corps[0])
		})
	}
}

// The existing fields keep their names; the new ones are added beside them.
func TestReportJSONFields(t *testing.T) {
	t.Parallel()
	r, err := New(fakeSource{}, "v1").Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(r)
	for _, f := range []string{`"messages_by_type"`, `"messages_per_day"`, `"media_by_state"`, `"ingest"`, `"cursor"`, `"lag_seconds"`,
		`"consent":{}`, `"licences"`, `"callbacks"`, `"state":"idle"`, `"sync"`, `"quarantine_by_key":[]`} {
		if !strings.Contains(string(b), f) {
			t.Errorf("report JSON lacks %s: %s", f, b)
		}
	}
}

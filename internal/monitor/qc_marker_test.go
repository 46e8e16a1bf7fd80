package monitor

import (
	"context"
	"errors"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// faultyStore fails the nth qc_sampled event (a crash between two samples)
// or the day's qc_run marker (a crash after the samples), once.
type faultyStore struct {
	*store.Store
	failEvent  int // fail the nth alert event; 0: never
	failMarker bool
	events     int
}

var errCrash = errors.New("crash")

func (s *faultyStore) AddAlertEvent(ctx context.Context, e store.AlertEvent) error {
	if s.events++; s.events == s.failEvent {
		return errCrash
	}
	return s.Store.AddAlertEvent(ctx, e)
}

func (s *faultyStore) SaveMonitorConfig(ctx context.Context, c store.MonitorConfig) (store.MonitorConfig, error) {
	if c.Kind == kindQCRun && s.failMarker {
		s.failMarker = false
		return c, errCrash
	}
	return s.Store.SaveMonitorConfig(ctx, c)
}

// TestQCMarkerCommitsWithSamples: a QC run cut short (the lease lost at
// the commit, a crash between samples or before the marker) leaves neither
// samples nor the day's marker, so the rerun, or the replica that took
// over, draws exactly one whole sample set for the period.
func TestQCMarkerCommitsWithSamples(t *testing.T) {
	lost := errors.New("lease lost")
	cases := []struct {
		name       string
		fence      func(context.Context) error // first run's fence
		failEvent  int
		failMarker bool
		wantErr    error // first run's error
	}{
		{"committed, then rerun", nil, 0, false, nil},
		{"lease lost at commit, then takeover", func(context.Context) error { return lost }, 0, false, lost},
		{"crash between samples, then rerun", nil, 2, false, errCrash},
		{"crash before the marker, then rerun", nil, 0, true, errCrash},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				f := newFixture(t, b)
				ctx := context.Background()
				for _, id := range []string{"e0|wmhcp", "e1|wmhcp"} {
					if err := f.st.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: id, Kind: "single",
						Participants: []string{"wmhcp"}, FirstMsgTime: f.now.UnixMilli() - 3600_000,
						LastMsgTime: f.now.UnixMilli() - 3600_000, MessageCount: 3}); err != nil {
						t.Fatal(err)
					}
				}
				admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
				if _, err := f.svc.PutSettings(admin, "c1", Settings{FourEyesAE: true, AEDueDays: 1, QCRate: 1}); err != nil {
					t.Fatal(err)
				}
				fs := &faultyStore{Store: f.st, failEvent: c.failEvent, failMarker: c.failMarker}
				svc := New(fs, f.rec, Options{})
				svc.SetClock(func() time.Time { return f.now })
				svc.SetFence(c.fence)
				samples := func() []store.Alert {
					t.Helper()
					yes := true
					rows, err := f.st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwc1", QCSample: &yes, Scope: store.DeptScope{All: true}}, 10)
					if err != nil {
						t.Fatal(err)
					}
					return rows
				}

				n, err := svc.SampleQC(ctx)
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("first run: %d %v; want error %v", n, err, c.wantErr)
				}
				first := 2
				if c.wantErr != nil {
					first = 0 // all or nothing: no sample, no marker
					if _, err := f.st.MonitorConfigCurrent(ctx, "wwc1", kindQCRun); !errors.Is(err, store.ErrNotFound) {
						t.Errorf("marker after a failed run: %v", err)
					}
				}
				if n != first || len(samples()) != first {
					t.Fatalf("first run: added %d, %d samples; want %d", n, len(samples()), first)
				}

				svc.SetFence(nil) // the rerun holds the lease
				n, err = svc.SampleQC(ctx)
				if err != nil || n != 2-first {
					t.Fatalf("rerun: %d %v; want %d", n, err, 2-first)
				}
				convs := map[string]bool{}
				for _, a := range samples() {
					convs[a.ConversationID] = true
				}
				if len(convs) != 2 || len(samples()) != 2 {
					t.Fatalf("after the rerun: %d samples over %v; want one per conversation", len(samples()), convs)
				}
				if n, err = svc.SampleQC(ctx); err != nil || n != 0 {
					t.Fatalf("third run the same day: %d %v", n, err)
				}
			})
		})
	}
}

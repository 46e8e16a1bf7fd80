package status

import (
	"testing"
	"time"

	"wecomadmin/internal/store"
)

// Lag is how long the archive may have held messages we have not stored:
// a quiet corp whose pulls succeed is green however old its last message,
// a corp whose pulls fail grows red from its last good pull.
func TestIngestLag(t *testing.T) {
	t.Parallel()
	now := time.UnixMilli(10 * 86_400_000)
	day, minute := int64(86_400_000), int64(60_000) // ms
	nowMS := now.UnixMilli()
	cases := []struct {
		name    string
		c       store.CorpCounts
		lag     float64 // seconds; -1: none
		basis   string
		failing bool
	}{
		{"quiet corp, pulled a minute ago", store.CorpCounts{LastMessageAt: nowMS - 3*day, LastPullAt: nowMS - minute, CaughtUpAt: nowMS - minute}, 60, "caught_up", false},
		{"pulls failing for a day", store.CorpCounts{LastMessageAt: nowMS - 2*day, LastPullAt: nowMS - minute, CaughtUpAt: nowMS - day,
			LastError: "40001", LastErrorAt: nowMS - minute}, 86_400, "caught_up", true},
		{"an old error, pulls fine since", store.CorpCounts{LastMessageAt: nowMS - day, CaughtUpAt: nowMS - minute, LastErrorAt: nowMS - day}, 60, "caught_up", false},
		{"first backlog, never caught up", store.CorpCounts{LastMessageAt: nowMS - 5*day, LastPullAt: nowMS - minute}, 5 * 86_400, "last_message", false},
		{"never pulled", store.CorpCounts{}, -1, "", false},
		{"never caught up, failing", store.CorpCounts{LastErrorAt: nowMS - minute, LastError: "wrong secret"}, -1, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ingest(c.c, now)
			switch {
			case c.lag < 0 && in.LagSeconds != nil:
				t.Fatalf("lag %v, want none", *in.LagSeconds)
			case c.lag >= 0 && (in.LagSeconds == nil || *in.LagSeconds != c.lag):
				t.Fatalf("lag %v, want %v", in.LagSeconds, c.lag)
			}
			if in.LagBasis != c.basis || in.Failing != c.failing {
				t.Fatalf("basis %q failing %v, want %q %v", in.LagBasis, in.Failing, c.basis, c.failing)
			}
		})
	}
}

func TestSetupOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		secrets map[string]bool
		keys    int
		state   string
		missing int
	}{
		{map[string]bool{}, 0, "not_configured", 4},
		{map[string]bool{"contacts": true}, 0, "incomplete", 3},
		{map[string]bool{"contacts": true, "app": true, "archive": true}, 1, "ok", 0},
		{map[string]bool{"contacts": true, "app": true, "archive": true}, 0, "incomplete", 1},
	}
	for _, c := range cases {
		if got := SetupOf(c.secrets, c.keys); got.State != c.state || len(got.Missing) != c.missing {
			t.Errorf("SetupOf(%v, %d) = %+v", c.secrets, c.keys, got)
		}
	}
}

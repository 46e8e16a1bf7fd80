package monitor

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestQCSampleIsFenced: a replica whose QC task lease was taken over
// (the fence refuses) adds no sample.
func TestQCSampleIsFenced(t *testing.T) {
	lost := errors.New("lease lost")
	cases := []struct {
		name    string
		fence   func(context.Context) error
		want    int
		wantErr error
	}{
		{"lease held", func(context.Context) error { return nil }, 1, nil},
		{"lease lost", func(context.Context) error { return lost }, 0, lost},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				f := newFixture(t, b)
				ctx := context.Background()
				if err := f.st.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: "e1|wmhcp", Kind: "single",
					Participants: []string{"wmhcp"}, FirstMsgTime: f.now.UnixMilli() - 3600_000, LastMsgTime: f.now.UnixMilli() - 3600_000,
					MessageCount: 3}); err != nil {
					t.Fatal(err)
				}
				admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
				if _, err := f.svc.PutSettings(admin, "c1", Settings{FourEyesAE: true, AEDueDays: 1, QCRate: 1}); err != nil {
					t.Fatal(err)
				}
				f.svc.SetFence(c.fence)
				n, err := f.svc.SampleQC(ctx)
				if !errors.Is(err, c.wantErr) || n != c.want {
					t.Fatalf("qc: %d %v; want %d %v", n, err, c.want, c.wantErr)
				}
				yes := true
				rows, _ := f.st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwc1", QCSample: &yes, Scope: store.DeptScope{All: true}}, 10)
				if len(rows) != c.want {
					t.Errorf("qc alerts %d, want %d", len(rows), c.want)
				}
			})
		})
	}
}

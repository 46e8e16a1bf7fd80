package status

import (
	"context"
	"testing"

	"wecomadmin/internal/auth"
)

// TestReportShowsOnlyTheCallersCorps: a corp-scoped caller does not see
// another corp's ingest and counts, nor the deployment-wide queue (finding 1).
func TestReportShowsOnlyTheCallersCorps(t *testing.T) {
	t.Parallel()
	s := New(fakeSource{}, "v1")
	for _, c := range []struct {
		grant auth.Grant
		corps int
		jobs  bool
	}{
		{auth.Grant{Role: auth.RoleAuditor}, 1, true},
		{auth.Grant{Role: auth.RoleAuditor, CorpID: "ww1"}, 1, false},
		{auth.Grant{Role: auth.RoleAuditor, CorpID: "ww2"}, 0, false},
	} {
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{Kind: auth.KindToken, Grants: []auth.Grant{c.grant}})
		r, err := s.Report(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Corps) != c.corps || (len(r.Jobs) > 0) != c.jobs {
			t.Errorf("%+v: %d corps, jobs %v", c.grant, len(r.Corps), r.Jobs)
		}
	}
}

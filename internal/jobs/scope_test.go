package jobs

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// TestJobScope: a corp-scoped caller lists and touches only its corp's
// jobs; other corps' and deployment-wide jobs are not found (finding 1).
func TestJobScope(t *testing.T) {
	t.Parallel()
	ctx := auth.WithPrincipal(context.Background(), auth.Principal{Kind: auth.KindAdmin,
		Grants: []auth.Grant{{Role: auth.RoleAdmin, CorpID: "wwA"}}})
	if f, err := scopeJobFilter(ctx, store.JobFilter{}); err != nil || f.CorpID != "wwA" {
		t.Errorf("no corp asked: %+v %v", f, err)
	}
	if _, err := scopeJobFilter(ctx, store.JobFilter{CorpID: "wwB"}); !errors.Is(err, auth.ErrForbidden) {
		t.Errorf("corp B listed: %v", err)
	}
	for _, j := range []store.Job{{ID: 1, CorpID: "wwB"}, {ID: 2}} {
		if err := allowedJob(ctx, auth.JobsWrite, j); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("job %+v: %v", j, err)
		}
	}
	if err := allowedJob(ctx, auth.JobsWrite, store.Job{ID: 3, CorpID: "wwA"}); err != nil {
		t.Errorf("own corp's job: %v", err)
	}
	if err := auth.RequireInCorp(ctx, auth.JobsWrite, ""); !errors.Is(err, auth.ErrForbidden) {
		t.Errorf("periodic (every corp) allowed: %v", err)
	}
}

package jobs

import (
	"context"
	"fmt"
	"slices"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// The admin side checks the caller's corp: a corp-scoped reader sees only
// its corp's jobs, and deployment-wide jobs (no corp) and periodic tasks
// need a grant over every corp. No caller on ctx (CLI, tests) sees all.

// scopeJobFilter narrows f to the caller's corp, or refuses.
func scopeJobFilter(ctx context.Context, f store.JobFilter) (store.JobFilter, error) {
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == auth.KindSystem || p.CanInCorp(auth.JobsRead, "") {
		return f, nil
	}
	if f.CorpID == "" {
		var corps []string
		for _, g := range p.Grants {
			if g.Role.Has(auth.JobsRead) && len(g.Departments) == 0 && !slices.Contains(corps, g.CorpID) {
				corps = append(corps, g.CorpID)
			}
		}
		if len(corps) != 1 {
			return f, fmt.Errorf("jobs: a corp-scoped reader must name the corp: %w", auth.ErrForbidden)
		}
		f.CorpID = corps[0]
	}
	if !p.CanInCorp(auth.JobsRead, f.CorpID) {
		return f, fmt.Errorf("jobs: jobs of corp %s: %w", f.CorpID, auth.ErrForbidden)
	}
	return f, nil
}

// allowedJob checks perm over the job's corp; a job the caller may not see
// is not found, so ids of other corps' jobs leak nothing.
func allowedJob(ctx context.Context, perm auth.Permission, j store.Job) error {
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == auth.KindSystem || p.CanInCorp(perm, "") {
		return nil
	}
	if j.CorpID == "" || !p.CanInCorp(perm, j.CorpID) {
		if perm == auth.JobsRead || !p.CanInCorp(auth.JobsRead, j.CorpID) {
			return fmt.Errorf("jobs: job %d: %w", j.ID, store.ErrNotFound)
		}
		return fmt.Errorf("jobs: job %d: %w", j.ID, auth.ErrForbidden)
	}
	return nil
}

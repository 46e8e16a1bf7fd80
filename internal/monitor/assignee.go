package monitor

import (
	"context"
	"errors"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// AdminDirectory looks admins up (the store); the service uses it, when
// the store offers it, to refuse assigning an alert to someone who could
// not work it.
type AdminDirectory interface {
	AdminByUsername(ctx context.Context, username string) (store.AdminUser, error)
	AdminRoles(ctx context.Context, adminID int64) ([]store.AdminRole, error)
}

// checkAssignee: the assignee is an enabled admin with alerts:write over
// the alert (its corp and the department of its message).
func (s *Service) checkAssignee(ctx context.Context, a store.Alert, username string) error {
	dir, ok := s.st.(AdminDirectory)
	if !ok || username == "" {
		return nil
	}
	u, err := dir.AdminByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
		return invalid("assignee %q is not an active admin", username)
	}
	if err != nil {
		return err
	}
	roles, err := dir.AdminRoles(ctx, u.ID)
	if err != nil {
		return err
	}
	p := auth.Principal{ID: u.ID, Name: u.Username, Kind: auth.KindAdmin}
	for _, r := range roles {
		p.Grants = append(p.Grants, auth.Grant{Role: auth.Role(r.Role), CorpID: r.CorpID, Departments: r.Departments})
	}
	rows, err := s.st.ListAlerts(ctx, store.AlertFilter{CorpID: a.CorpID, ID: a.ID, Scope: auth.ScopeFor(p, auth.AlertsWrite, a.CorpID)}, 1)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return invalid("assignee %q cannot work alerts of this corp or department", username)
	}
	return nil
}

package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// The service checks the caller's corp and department scope itself, so no
// handler can forget it: writes name employees the caller's grant reaches,
// reads leave out rows of employees outside it. No caller on ctx (jobs,
// callbacks, the CLI) acts for the whole deployment.

// scopeOf is the caller's departments of corpID for perm; ok false when no
// caller is on ctx (everything).
func scopeOf(ctx context.Context, perm auth.Permission, corpID string) (store.DeptScope, error) {
	p, ok := auth.FromContext(ctx)
	if !ok || p.Kind == auth.KindSystem {
		return store.DeptScope{All: true}, nil
	}
	if !p.ReachesCorp(perm, corpID) {
		return store.DeptScope{}, fmt.Errorf("contacts: corp %s: %w", corpID, auth.ErrForbidden)
	}
	return auth.ScopeFor(p, perm, corpID), nil
}

// inScope reports whether employee userID of corpID is in sc; an employee
// we do not know is outside a department scope.
func (s *Service) inScope(ctx context.Context, sc store.DeptScope, corpID, userID string) (bool, error) {
	if sc.All {
		return true, nil
	}
	path, err := s.st.EmployeeDepartmentPath(ctx, corpID, userID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && sc.Allows(path), err
}

// requireEmployees refuses a write naming an employee outside the caller's scope.
func (s *Service) requireEmployees(ctx context.Context, perm auth.Permission, corpID string, userIDs ...string) error {
	sc, err := scopeOf(ctx, perm, corpID)
	if err != nil {
		return err
	}
	for _, u := range userIDs {
		ok, err := s.inScope(ctx, sc, corpID, u)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("contacts: employee %s is outside your departments: %w", u, auth.ErrForbidden)
		}
	}
	return nil
}

// requireDepartment refuses a write for a department outside the caller's
// scope ("" is the whole corp).
func requireDepartment(ctx context.Context, perm auth.Permission, corpID, path string) error {
	sc, err := scopeOf(ctx, perm, corpID)
	if err != nil {
		return err
	}
	if sc.All || (path != "" && sc.Allows(strings.Trim(path, "/"))) {
		return nil
	}
	return fmt.Errorf("contacts: department %q is outside your departments: %w", path, auth.ErrForbidden)
}

// keepInScope drops the rows whose employee is outside the caller's scope.
func keepInScope[T any](ctx context.Context, s *Service, perm auth.Permission, corpID string, rows []T, corpOf, userOf func(T) string) ([]T, error) {
	var ferr error
	scopes := map[string]store.DeptScope{}
	out := slices.DeleteFunc(rows, func(r T) bool {
		c := corpID
		if c == "" {
			c = corpOf(r)
		}
		sc, ok := scopes[c]
		if !ok {
			var err error
			if sc, err = scopeOf(ctx, perm, c); err != nil {
				sc = store.DeptScope{}
			}
			scopes[c] = sc
		}
		in, err := s.inScope(ctx, sc, c, userOf(r))
		if err != nil {
			ferr = err
		}
		return !in
	})
	return out, ferr
}

func sendCorp(w store.WelcomeSend) string { return w.CorpID }
func sendUser(w store.WelcomeSend) string { return w.UserID }

// requireTemplate checks a template write: the new department and, for an
// edit or delete (id set), the stored one must be inside the caller's scope.
func (s *Service) requireTemplate(ctx context.Context, corpID string, id int64, path string, deleting bool) error {
	if id != 0 {
		ts, err := s.st.ListWelcomeTemplates(ctx, corpID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ts, func(t store.WelcomeTemplate) bool { return t.ID == id })
		if i < 0 {
			return fmt.Errorf("contacts: welcome template %d: %w", id, store.ErrNotFound)
		}
		if err := requireDepartment(ctx, auth.WelcomeWrite, corpID, ts[i].DepartmentPath); err != nil || deleting {
			return err
		}
	}
	return requireDepartment(ctx, auth.WelcomeWrite, corpID, path)
}

// httpsLink reports whether a welcome link is an absolute https URL: a
// customer taps it inside WeCom, so no javascript:, data: or plain http.
func httpsLink(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}

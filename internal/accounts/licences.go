package accounts

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"wecomadmin/internal/auth"
)

// LicenceHolder names an employee in a licence mismatch.
type LicenceHolder struct {
	EmployeeID string `json:"employee_id,omitempty"`
	UserID     string `json:"userid"`
	Name       string `json:"name,omitempty"`
}

// LicenceReport compares HR's archive licences with WeCom's permit list.
type LicenceReport struct {
	CorpID     string `json:"corp_id"`
	Key        string `json:"key"`
	Quota      int    `json:"quota"`
	HRLicensed int    `json:"hr_licensed"`
	Permitted  int    `json:"permitted"`
	OverQuota  bool   `json:"over_quota"`
	// LicensedNotPermitted: HR says yes, WeCom has no archive permit.
	LicensedNotPermitted []LicenceHolder `json:"licensed_not_permitted"`
	// PermittedNotLicensed: WeCom archives them, HR says no (or does not know them).
	PermittedNotLicensed []LicenceHolder `json:"permitted_not_licensed"`
	Error                string          `json:"error,omitempty"`
}

// Licences checks every corp (or the one named by key) against WeCom's
// msgaudit/get_permit_user_list and records who is permitted.
func (s *Service) Licences(ctx context.Context, key string) ([]LicenceReport, error) {
	corps, err := s.tfaCorps(ctx, key)
	if err != nil {
		return nil, err
	}
	out := make([]LicenceReport, 0, len(corps))
	for _, c := range corps {
		if auth.RequireReach(ctx, auth.LicencesRead, c.CorpID) != nil {
			continue // a corp-scoped caller sees only its corps
		}
		r := LicenceReport{CorpID: c.CorpID, Key: c.Key, LicensedNotPermitted: []LicenceHolder{}, PermittedNotLicensed: []LicenceHolder{}}
		if err := s.licences(ctx, c.CorpID, &r); err != nil {
			r.Error = err.Error()
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Service) licences(ctx context.Context, corpID string, r *LicenceReport) error {
	st, err := s.settings(ctx, corpID)
	if err != nil {
		return err
	}
	r.Quota = st.LicenceQuota
	emps, err := s.Store.CorpEmployees(ctx, corpID)
	if err != nil {
		return err
	}
	wc, err := s.WeComFor(ctx, corpID)
	if err != nil {
		return fmt.Errorf("wecom client: %w", err)
	}
	ids, err := wc.GetPermitUserList(ctx, 0)
	if err != nil {
		return fmt.Errorf("permit user list: %w", err)
	}
	if err := s.Store.SetArchivePermitted(ctx, corpID, ids); err != nil {
		return err
	}
	permitted := map[string]bool{}
	for _, id := range ids {
		permitted[strings.ToLower(id)] = true
	}
	r.Permitted = len(permitted)
	sc := callerScope(ctx, auth.LicencesRead, corpID)
	known := map[string]bool{}
	for _, e := range emps {
		uid := strings.ToLower(e.UserID)
		if !sc.Allows(e.DepartmentPath) {
			known[uid] = false // a department-scoped reader sees only its employees
			continue
		}
		known[uid] = e.ArchiveLicence
		if e.ArchiveLicence && e.HRStatus == HRActive {
			r.HRLicensed++
		}
		switch {
		case e.ArchiveLicence && e.HRStatus == HRActive && !permitted[uid]:
			r.LicensedNotPermitted = append(r.LicensedNotPermitted, LicenceHolder{e.EmployeeID, e.UserID, e.Name})
		case permitted[uid] && (!e.ArchiveLicence || e.HRStatus != HRActive):
			r.PermittedNotLicensed = append(r.PermittedNotLicensed, LicenceHolder{e.EmployeeID, e.UserID, e.Name})
		}
	}
	for uid := range permitted {
		if _, ok := known[uid]; !ok && sc.All {
			r.PermittedNotLicensed = append(r.PermittedNotLicensed, LicenceHolder{UserID: uid})
		}
	}
	slices.SortFunc(r.PermittedNotLicensed, func(a, b LicenceHolder) int { return strings.Compare(a.UserID, b.UserID) })
	r.OverQuota = r.Quota > 0 && max(r.Permitted, r.HRLicensed) > r.Quota
	return nil
}

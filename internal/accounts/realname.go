package accounts

import (
	"context"
	"errors"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// RealNameUnverified records that WeCom refused userid for want of
// real-name verification (wecom.CodeNotRealName: user/get never tells
// real-name state; this errcode is how the portal learns it), so the employee is flagged as unable to use
// external contact features until verified. Members that are not our
// employees are ignored.
func (s *Service) RealNameUnverified(ctx context.Context, corpID, userid string) error {
	emp, err := s.Store.EmployeeByUserID(ctx, corpID, userid)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || (emp.RealNameVerified != nil && !*emp.RealNameVerified) {
		return err
	}
	emp.RealNameVerified = new(bool)
	return s.Store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Store.UpsertEmployee(ctx, emp); err != nil {
			return err
		}
		return s.audit().Record(ctx, audit.Event{Action: audit.WeComUserRealNameUnverified, Target: "wecom_user:" + userid, CorpID: corpID,
			Metadata: map[string]any{"corp_id": corpID, "errcode": wecom.CodeNotRealName}})
	})
}

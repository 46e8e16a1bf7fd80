package accounts

import (
	"context"
	"errors"
	"fmt"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

// StatusDeleted marks an employee whose WeCom member was deleted in WeCom.
const StatusDeleted = 0

// MemberChanged applies a change_contact member event: someone edited WeCom
// directly, so the member is re-read (events from newer callback URLs carry
// only the userid) and our copy of its status updated, and the change is
// audited. Members that are not our employees are ignored.
func (s *Service) MemberChanged(ctx context.Context, corpID, changeType, userID, newUserID string) error {
	emp, err := s.Store.EmployeeByUserID(ctx, corpID, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	status, renamed := StatusDeleted, ""
	if changeType != "delete_user" {
		wc, err := s.WeComFor(ctx, corpID)
		if err != nil {
			return err
		}
		id := userID
		if newUserID != "" {
			id = newUserID
		}
		u, err := wc.GetUser(ctx, id)
		switch {
		case isNotFound(err):
		case err != nil:
			return fmt.Errorf("accounts: re-read %s: %w", id, err)
		default:
			status = int(u.Status)
			if newUserID != "" && u.UserID != emp.UserID {
				renamed = u.UserID // the userid was changed in WeCom: follow it
			}
		}
	}
	if status == emp.WeComStatus && renamed == "" {
		return nil
	}
	meta := map[string]any{"corp_id": corpID, "change_type": changeType, "from_status": emp.WeComStatus, "to_status": status}
	return s.Store.WithTx(ctx, func(ctx context.Context) error {
		if renamed != "" {
			meta["new_userid"] = renamed
			emp.UserID, emp.WeComStatus = renamed, status
			if err := s.Store.UpsertEmployee(ctx, emp); err != nil {
				return err
			}
		} else if err := s.Store.SetEmployeeState(ctx, corpID, emp.EmployeeID, emp.HRStatus, status, emp.LeftAt); err != nil {
			return err
		}
		return s.audit().Record(ctx, audit.Event{Action: audit.WeComUserChangedInWeCom, Target: "wecom_user:" + userID, CorpID: corpID, Metadata: meta})
	})
}

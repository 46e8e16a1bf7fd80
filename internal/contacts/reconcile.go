package contacts

import (
	"context"
	"encoding/json"
	"fmt"

	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// Repair is one relation the reconciliation corrected.
type Repair struct {
	UserID         string `json:"userid"`
	ExternalUserID string `json:"external_userid"`
	From           string `json:"from"`
	To             string `json:"to"`
	Reason         string `json:"reason"` // missed_add | missed_delete
}

// ReconcileReport says what a full reconciliation saw and repaired.
type ReconcileReport struct {
	ID            int64    `json:"id"`
	CorpID        string   `json:"corp_id"`
	Employees     int      `json:"employees"`
	RelationsSeen int      `json:"relations_seen"`
	Repaired      int      `json:"repaired"`
	Repairs       []Repair `json:"repairs"` // at most 1000 listed
}

type pairKey struct{ user, ext string }

// Reconcile compares WeCom's view (follow users, then batch/get_by_user
// with cursors, 100 employees a call) with the stored relations and repairs
// both directions: a listed pair we do not hold as listed (a missed add) and
// a pair we hold as listed that WeCom no longer lists (a missed delete by
// the employee). Who deleted whom cannot be seen in lists, so a repaired
// delete is recorded as the employee's, with cause reconcile.
func (s *Service) Reconcile(ctx context.Context, corpID string) (ReconcileReport, error) {
	started := s.nowMS()
	rep := ReconcileReport{CorpID: corpID}
	api, err := s.client(ctx, corpID)
	if err != nil {
		return rep, err
	}
	users, err := api.ListFollowUsers(ctx)
	if err != nil {
		return rep, fmt.Errorf("contacts: reconcile follow users: %w", err)
	}
	rep.Employees = len(users)
	seen := map[pairKey]wecom.FollowUser{}
	for i := 0; i < len(users); i += BatchLimit {
		if err := s.fetchBatch(ctx, api, corpID, users[i:min(i+BatchLimit, len(users))], seen); err != nil {
			return rep, err
		}
	}
	rep.RelationsSeen = len(seen)
	local, err := s.st.ListFollowRelations(ctx, store.RelationFilter{CorpID: corpID})
	if err != nil {
		return rep, err
	}
	queried := map[string]bool{}
	for _, u := range users {
		queried[u] = true
	}
	held := map[pairKey]store.FollowRelation{}
	for _, r := range local {
		held[pairKey{r.UserID, r.ExternalUserID}] = r
	}
	repair := func(k pairKey, from, to, reason string) error {
		rep.Repaired++
		if len(rep.Repairs) < 1000 {
			rep.Repairs = append(rep.Repairs, Repair{k.user, k.ext, from, to, reason})
		}
		return s.transition(ctx, corpID, k.user, k.ext, to, "reconcile:"+reason, started, map[string]any{"reconcile": true})
	}
	for k, f := range seen {
		r, ok := held[k]
		if !ok || !Listed(r.State) {
			if err := repair(k, r.State, StateActive, "missed_add"); err != nil {
				return rep, err
			}
		}
		if err := s.saveFollowDetails(ctx, corpID, k.ext, f); err != nil {
			return rep, err
		}
	}
	for k, r := range held {
		if _, ok := seen[k]; !ok && Listed(r.State) && queried[k.user] {
			if err := repair(k, r.State, StateDeletedByEmployee, "missed_delete"); err != nil {
				return rep, err
			}
		}
	}
	b, _ := json.Marshal(rep)
	rep.ID, err = s.st.SaveReconciliation(ctx, store.Reconciliation{CorpID: corpID, StartedAt: started, FinishedAt: s.nowMS(),
		Employees: rep.Employees, RelationsSeen: rep.RelationsSeen, Repaired: rep.Repaired, Report: string(b)})
	if rep.Repaired > 0 {
		s.log.InfoContext(ctx, "reconciliation repaired relations", "corp_id", corpID, "repaired", rep.Repaired)
	}
	return rep, err
}

func (s *Service) fetchBatch(ctx context.Context, api WeCom, corpID string, users []string, seen map[pairKey]wecom.FollowUser) error {
	cursor, walk := "", cursorWalk{}
	for {
		page, err := api.BatchGetByUser(ctx, users, cursor, 100)
		if err != nil {
			return fmt.Errorf("contacts: reconcile batch get_by_user: %w", err)
		}
		for _, c := range page.ExternalContactList {
			if err := s.st.UpsertExternalContact(ctx, contactRow(corpID, c.ExternalContact)); err != nil {
				return err
			}
			seen[pairKey{c.FollowInfo.UserID, c.ExternalContact.ExternalUserID}] = c.FollowInfo
		}
		if page.NextCursor == "" {
			return nil
		}
		if err := walk.advance("batch/get_by_user", page.NextCursor); err != nil {
			return err
		}
		cursor = page.NextCursor
	}
}

// ReconcileTask names the reconciliation round's cluster-wide lease.
const ReconcileTask = "contacts.reconcile"

// runReconciler periodically reconciles relations, re-syncs customer
// groups (missed change_external_chat events) and purges old applied
// callbacks; with several replicas, one round runs on one of them.
func (s *Service) runReconciler(ctx context.Context) error {
	for sleepCtx(ctx, s.opt.ReconcileInterval, nil) {
		if err := s.ReconcileRound(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "reconciliation round failed", "err", err)
		}
	}
	return nil
}

// ReconcileRound is one round over every corp, under the task's lease
// when the service has one (skipped when another replica holds it).
func (s *Service) ReconcileRound(ctx context.Context) error {
	if s.excl == nil {
		s.reconcileRound(ctx)
		return nil
	}
	ran, err := s.excl(ctx, ReconcileTask, func(ctx context.Context) error { s.reconcileRound(ctx); return nil })
	if err == nil && !ran {
		s.log.InfoContext(ctx, "reconciliation is running on another replica; this round is skipped")
	}
	return err
}

func (s *Service) reconcileRound(ctx context.Context) {
	for _, id := range s.CorpIDs() {
		if _, err := s.Reconcile(ctx, id); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "reconciliation failed", "corp_id", id, "err", err)
		}
		if _, err := s.SyncGroups(ctx, id); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "group sync failed", "corp_id", id, "err", err)
		}
	}
	if n, err := s.st.PurgeInbox(ctx, s.now().Add(-s.opt.InboxRetention).UnixMilli()); err != nil {
		s.log.ErrorContext(ctx, "inbox purge failed", "err", err)
	} else if n > 0 {
		s.log.InfoContext(ctx, "inbox purged", "count", n)
	}
}

// ContactDetail is a customer with its relations and their history.
type ContactView struct {
	Contact   store.ExternalContact   `json:"contact"`
	Relations []store.FollowRelation  `json:"relations"`
	History   []store.RelationHistory `json:"history"`
	// UnionidNote explains an empty unionid.
	UnionidNote string `json:"unionid_note,omitempty"`
}

// Contact returns a customer with every relation and its history.
func (s *Service) Contact(ctx context.Context, corpID, extID string) (ContactView, error) {
	c, err := s.st.GetExternalContact(ctx, corpID, extID)
	if err != nil {
		return ContactView{}, err
	}
	v := ContactView{Contact: c}
	if c.Unionid == "" {
		if c.ContactType == 2 {
			v.UnionidNote = "WeCom-type contact: WeCom gives no unionid for 企业微信 users"
		} else {
			v.UnionidNote = "no unionid: the corp has no WeChat developer account bound"
		}
	}
	if v.Relations, err = s.st.ListFollowRelations(ctx, store.RelationFilter{CorpID: corpID, ExternalUserID: extID}); err != nil {
		return v, err
	}
	v.History, err = s.st.RelationHistoryOf(ctx, corpID, "", extID)
	return v, err
}

// Relations lists relations with filters.
func (s *Service) Relations(ctx context.Context, f store.RelationFilter) ([]store.FollowRelation, error) {
	return s.st.ListFollowRelations(ctx, f)
}

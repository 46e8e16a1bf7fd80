package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// Relationship states of (employee, external contact).
const (
	// StateActive: both sides have each other.
	StateActive = "active"
	// StateDeletedByCustomer: the customer deleted the employee. One-way:
	// the customer still appears in the employee's list and the APIs answer.
	StateDeletedByCustomer = "deleted_by_customer"
	// StateDeletedByEmployee: the employee deleted the customer; the
	// relationship is gone and the APIs answer 84061.
	StateDeletedByEmployee = "deleted_by_employee"
	// StateTransferred: the customer was handed over to another employee.
	StateTransferred = "transferred"
	// StateHalfAdded: the customer added a 免验证 employee who has not accepted yet (84061).
	StateHalfAdded = "half_added"
)

// Listed reports whether WeCom still lists the customer for the employee
// (externalcontact/list and get answer for the pair).
func Listed(state string) bool { return state == StateActive || state == StateDeletedByCustomer }

// transition moves a relation to state `to` as of event time at (ms).
// Deliveries arrive late and shuffled (WeCom retries, our own retries), so
// an event older than the newest one applied is recorded in the history as
// stale and changes nothing: the relation converges to the newest event.
// Last-writer-wins on event time makes the outcome independent of delivery
// order, which the event-storm test checks.
func (s *Service) transition(ctx context.Context, corpID, userID, extID, to, cause string, at int64, meta map[string]any) error {
	if userID == "" || extID == "" {
		return fmt.Errorf("contacts: %s without UserID/ExternalUserID", cause)
	}
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.st.GetFollowRelation(ctx, corpID, userID, extID)
		exists := err == nil
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		h := store.RelationHistory{CorpID: corpID, UserID: userID, ExternalUserID: extID, FromState: cur.State, ToState: to, Cause: cause, At: at}
		if exists && at < cur.LastEventAt {
			h.Cause = "stale:" + cause
			h.Metadata = metaJSON(meta)
			return s.st.AddRelationHistory(ctx, h)
		}
		r := cur
		if !exists {
			r = store.FollowRelation{CorpID: corpID, UserID: userID, ExternalUserID: extID}
		}
		if to == StateActive && (r.AddedAt == 0 || !Listed(r.State)) {
			r.AddedAt = at
		}
		r.State, r.LastEventAt = to, max(at, r.LastEventAt)
		h.Metadata = metaJSON(meta)
		return s.st.SaveFollowRelation(ctx, r, h)
	})
}

func metaJSON(m map[string]any) string {
	if len(m) == 0 {
		return "{}"
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// enrich re-reads a customer (externalcontact/get) and stores its details
// and each follower's remark; it never changes relationship states. A
// customer no longer reachable (84061) is not an error: the state events
// say what happened.
func (s *Service) enrich(ctx context.Context, corpID, extID string) error {
	if s.wecom == nil || extID == "" {
		return nil
	}
	api, err := s.client(ctx, corpID)
	if err != nil {
		return err
	}
	cursor, walk := "", cursorWalk{}
	for {
		d, err := api.GetExternalContact(ctx, extID, cursor)
		if err != nil {
			if code := wecom.Code(err); code == wecom.CodeNotExternalContact || code == wecom.CodeInvalidExternalUser {
				return nil
			}
			return fmt.Errorf("contacts: get external contact: %w", err)
		}
		if err := s.st.UpsertExternalContact(ctx, contactRow(corpID, d.ExternalContact)); err != nil {
			return err
		}
		for _, f := range d.FollowUser {
			if err := s.saveFollowDetails(ctx, corpID, extID, f); err != nil {
				return err
			}
		}
		if d.NextCursor == "" {
			return nil
		}
		if err := walk.advance("externalcontact/get", d.NextCursor); err != nil {
			return err
		}
		cursor = d.NextCursor
	}
}

// contactRow keeps unionid only for WeChat-type contacts: WeCom never gives
// one for WeCom-type contacts, whatever an example payload shows.
func contactRow(corpID string, c wecom.ExternalContact) store.ExternalContact {
	raw, _ := json.Marshal(c)
	union := c.UnionID
	if c.Type != 1 {
		union = ""
	}
	return store.ExternalContact{CorpID: corpID, ExternalUserID: c.ExternalUserID, Name: c.Name, ContactType: c.Type, Unionid: union,
		CorpName: c.CorpName, CorpFullName: c.CorpFullName, Position: c.Position, Gender: c.Gender, Avatar: c.Avatar, Raw: string(raw)}
}

// saveFollowDetails updates remark, description, add_way, oper_userid and
// channel state of an existing relation, keeping its state.
func (s *Service) saveFollowDetails(ctx context.Context, corpID, extID string, f wecom.FollowUser) error {
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.st.GetFollowRelation(ctx, corpID, f.UserID, extID)
		if errors.Is(err, store.ErrNotFound) {
			return nil // no event yet: reconciliation or the add event creates it
		}
		if err != nil {
			return err
		}
		if r.Remark == f.Remark && r.Description == f.Description && r.AddWay == f.AddWay && r.OperUserID == f.OperUserID && r.StateTag == f.State {
			return nil
		}
		r.Remark, r.Description, r.AddWay, r.OperUserID, r.StateTag = f.Remark, f.Description, f.AddWay, f.OperUserID, f.State
		if r.AddedAt == 0 && f.CreateTime > 0 {
			r.AddedAt = f.CreateTime * 1000
		}
		return s.st.SaveFollowRelation(ctx, r, store.RelationHistory{})
	})
}

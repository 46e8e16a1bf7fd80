package contacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom/callback"
)

// Transfer kinds and item statuses.
const (
	TransferOnJob    = "onjob"    // 在职继承
	TransferResigned = "resigned" // 离职继承

	ItemPending    = "pending"     // not yet submitted (or to be resubmitted)
	ItemWaiting    = "waiting"     // accepted by WeCom, customer has 24 h to refuse
	ItemAccepted   = "accepted"    // done
	ItemRefused    = "refused"     // customer refused
	ItemOverLimit  = "over_limit"  // successor's customer quota is full
	ItemInTransfer = "in_transfer" // already in another transfer; retried later
	ItemNoRecord   = "no_record"
	ItemFailed     = "failed"

	// BatchLimit is WeCom's limit per transfer call (customers and groups).
	BatchLimit = 100
)

// TransferRequest asks to hand customers and groups from one employee to another.
type TransferRequest struct {
	CorpID         string   `json:"corp_id"`
	Kind           string   `json:"kind"` // onjob | resigned
	HandoverUserID string   `json:"handover_userid"`
	TakeoverUserID string   `json:"takeover_userid"`
	Customers      []string `json:"external_userids"`
	Groups         []string `json:"chat_ids"`
	AllCustomers   bool     `json:"all_customers"` // every listed customer of the handover employee
	AllGroups      bool     `json:"all_groups"`    // every group owned by the handover employee
	Message        string   `json:"transfer_success_msg"`
	Rule           string   `json:"-"`
}

// CreateTransfer validates, stores and audits a handover; the transfer
// worker submits it in batches of 100 and polls the results.
func (s *Service) CreateTransfer(ctx context.Context, req TransferRequest, actor string) (store.Transfer, error) {
	if err := s.expand(ctx, &req); err != nil {
		return store.Transfer{}, err
	}
	if err := validateTransfer(req); err != nil {
		s.record(audit.WithActor(ctx, actor), audit.Event{Action: audit.TransferCreate, CorpID: req.CorpID, Target: req.HandoverUserID, Outcome: audit.Failure, Reason: err.Error()})
		return store.Transfer{}, err
	}
	if err := s.requireEmployees(ctx, auth.TransfersWrite, req.CorpID, req.HandoverUserID, req.TakeoverUserID); err != nil {
		s.record(audit.WithActor(ctx, actor), audit.Event{Action: audit.TransferCreate, CorpID: req.CorpID, Target: req.HandoverUserID, Outcome: audit.Denied, Reason: err.Error()})
		return store.Transfer{}, err
	}
	items := make([]store.TransferItem, 0, len(req.Customers)+len(req.Groups))
	for _, c := range req.Customers {
		items = append(items, store.TransferItem{ItemKind: "customer", TargetID: c})
	}
	for _, g := range req.Groups {
		items = append(items, store.TransferItem{ItemKind: "group", TargetID: g})
	}
	id, err := s.st.CreateTransfer(ctx, store.Transfer{CorpID: req.CorpID, Kind: req.Kind, HandoverUserID: req.HandoverUserID,
		TakeoverUserID: req.TakeoverUserID, Message: req.Message, State: "running", RequestedBy: actor, Rule: req.Rule}, items)
	if err != nil {
		return store.Transfer{}, err
	}
	s.record(audit.WithActor(ctx, actor), audit.Event{Action: audit.TransferCreate, CorpID: req.CorpID, Target: fmt.Sprint(id), Outcome: audit.Success,
		Metadata: map[string]any{"kind": req.Kind, "handover_userid": req.HandoverUserID, "takeover_userid": req.TakeoverUserID,
			"customers": len(req.Customers), "groups": len(req.Groups), "rule": req.Rule}})
	s.wakeTransfers()
	return s.st.GetTransfer(ctx, id)
}

func (s *Service) expand(ctx context.Context, req *TransferRequest) error {
	if req.AllCustomers {
		rs, err := s.st.ListFollowRelations(ctx, store.RelationFilter{CorpID: req.CorpID, UserID: req.HandoverUserID,
			States: []string{StateActive, StateDeletedByCustomer}})
		if err != nil {
			return err
		}
		for _, r := range rs {
			req.Customers = append(req.Customers, r.ExternalUserID)
		}
	}
	if req.AllGroups {
		gs, err := s.st.ListGroupChats(ctx, req.CorpID, req.HandoverUserID, "", 1000)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if g.DismissedAt == 0 {
				req.Groups = append(req.Groups, g.ChatID)
			}
		}
	}
	slices.Sort(req.Customers)
	req.Customers = slices.Compact(req.Customers)
	slices.Sort(req.Groups)
	req.Groups = slices.Compact(req.Groups)
	return nil
}

func validateTransfer(r TransferRequest) error {
	switch {
	case r.CorpID == "":
		return fmt.Errorf("%w: corp_id is required", ErrInvalid)
	case r.Kind != TransferOnJob && r.Kind != TransferResigned:
		return fmt.Errorf("%w: kind must be onjob or resigned", ErrInvalid)
	case r.HandoverUserID == "" || r.TakeoverUserID == "":
		return fmt.Errorf("%w: handover_userid and takeover_userid are required", ErrInvalid)
	case r.HandoverUserID == r.TakeoverUserID:
		return fmt.Errorf("%w: handover and takeover are the same employee (40130)", ErrInvalid)
	case len(r.Customers)+len(r.Groups) == 0:
		return fmt.Errorf("%w: nothing to transfer", ErrInvalid)
	case len(r.Customers)+len(r.Groups) > 100000:
		return fmt.Errorf("%w: too many items", ErrInvalid)
	case len([]rune(r.Message)) > 200:
		return fmt.Errorf("%w: transfer_success_msg is over 200 characters", ErrInvalid)
	}
	return nil
}

// LeaverRule hands all of a leaver's customers and groups to their manager
// (Pool empty) or spreads them over a named pool of employees.
type LeaverRule struct {
	Pool []string `json:"pool"`
}

// HandOverLeaver applies a leaver rule: one resigned transfer per successor.
func (s *Service) HandOverLeaver(ctx context.Context, corpID, leaver string, rule LeaverRule, actor string) ([]store.Transfer, error) {
	if err := s.requireEmployees(ctx, auth.TransfersWrite, corpID, leaver); err != nil {
		return nil, err
	}
	req := TransferRequest{CorpID: corpID, Kind: TransferResigned, HandoverUserID: leaver, AllCustomers: true, AllGroups: true}
	if err := s.expand(ctx, &req); err != nil {
		return nil, err
	}
	succ := rule.Pool
	ruleName := "pool:" + strings.Join(rule.Pool, ",")
	if len(succ) == 0 {
		if s.dir == nil {
			return nil, fmt.Errorf("%w: no pool given and no directory to find the manager", ErrInvalid)
		}
		m, err := s.dir.ManagerOf(ctx, corpID, leaver)
		if err != nil || m == "" {
			return nil, fmt.Errorf("%w: no manager for %s: %v", ErrInvalid, leaver, err)
		}
		succ, ruleName = []string{m}, "manager"
	}
	split := map[string]*TransferRequest{}
	pick := func(i int) *TransferRequest {
		to := succ[i%len(succ)]
		if split[to] == nil {
			split[to] = &TransferRequest{CorpID: corpID, Kind: TransferResigned, HandoverUserID: leaver, TakeoverUserID: to, Rule: ruleName}
		}
		return split[to]
	}
	for i, c := range req.Customers {
		p := pick(i)
		p.Customers = append(p.Customers, c)
	}
	for i, g := range req.Groups {
		p := pick(i)
		p.Groups = append(p.Groups, g)
	}
	var out []store.Transfer
	for _, to := range succ {
		if r := split[to]; r != nil {
			t, err := s.CreateTransfer(ctx, *r, actor)
			if err != nil {
				return out, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// TransferDetail is a transfer with its per-item results.
type TransferDetail struct {
	store.Transfer
	Items []store.TransferItem `json:"items"`
}

// Transfer returns one transfer with its items.
func (s *Service) Transfer(ctx context.Context, id int64) (TransferDetail, error) {
	t, err := s.st.GetTransfer(ctx, id)
	if err != nil {
		return TransferDetail{}, err
	}
	if kept, err := keepInScope(ctx, s, auth.ContactsRead, t.CorpID, []store.Transfer{t}, transferCorp, transferUser); err != nil || len(kept) == 0 {
		return TransferDetail{}, errors.Join(fmt.Errorf("contacts: transfer %d: %w", id, store.ErrNotFound), err)
	}
	items, err := s.st.TransferItems(ctx, id)
	return TransferDetail{Transfer: t, Items: items}, err
}

// Transfers lists transfers, newest first.
func (s *Service) Transfers(ctx context.Context, corpID string, limit int) ([]store.Transfer, error) {
	ts, err := s.st.ListTransfers(ctx, corpID, false, limit)
	if err != nil {
		return nil, err
	}
	return keepInScope(ctx, s, auth.ContactsRead, corpID, ts, transferCorp, transferUser)
}

func transferCorp(t store.Transfer) string { return t.CorpID }
func transferUser(t store.Transfer) string { return t.HandoverUserID }

// applyTransferFail marks the waiting item(s) of that successor and customer.
func (s *Service) applyTransferFail(ctx context.Context, corpID string, e *callback.ExternalContactChange) error {
	items, err := s.st.WaitingTransferItems(ctx, corpID, e.UserID, e.ExternalUserID)
	if err != nil {
		return err
	}
	status := ItemRefused
	if e.FailReason == "customer_limit_exceed" {
		status = ItemOverLimit
	}
	for _, it := range items {
		it.Status, it.LastError = status, "transfer_fail: "+e.FailReason
		if err := s.st.UpdateTransferItem(ctx, it); err != nil {
			return err
		}
		s.record(ctx, audit.Event{Action: audit.TransferItemFailed, CorpID: corpID, Target: fmt.Sprint(it.TransferID), Outcome: audit.Failure,
			Reason: e.FailReason, Metadata: map[string]any{"external_userid": it.TargetID}})
	}
	return nil
}

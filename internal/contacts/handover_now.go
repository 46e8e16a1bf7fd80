package contacts

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ErrHandoverIncomplete means WeCom refused the transfer of some customers
// or group chats of a handover.
var ErrHandoverIncomplete = errors.New("contacts: handover incomplete")

// HandOverNow hands every customer and customer group chat of from to to
// and submits the transfer to WeCom before it returns, for the HR sync,
// whose next step (a disable) would make 在职继承 impossible. 离职继承 takes
// the customers get_unassigned_list names for from. The transfer is
// stored and audited like one made in the wizard, and the worker follows
// it to the end; an error wrapping ErrHandoverIncomplete names the
// errcodes of what WeCom refused.
func (s *Service) HandOverNow(ctx context.Context, corpID, kind, from, to, rule, actor string) (TransferDetail, error) {
	req := TransferRequest{CorpID: corpID, Kind: kind, HandoverUserID: from, TakeoverUserID: to, AllCustomers: true, AllGroups: true, Rule: rule}
	if kind == TransferResigned {
		ids, err := s.unassignedCustomers(ctx, corpID, from)
		if err != nil {
			return TransferDetail{}, fmt.Errorf("contacts: unassigned customers of %s: %w", from, err)
		}
		req.AllCustomers, req.Customers = false, ids
	}
	if err := s.expand(ctx, &req); err != nil {
		return TransferDetail{}, err
	}
	req.AllCustomers, req.AllGroups = false, false
	if len(req.Customers)+len(req.Groups) == 0 {
		return TransferDetail{}, nil // nothing left to hand over
	}
	t, err := s.CreateTransfer(ctx, req, actor)
	if err != nil {
		return TransferDetail{}, err
	}
	s.stepMu.Lock()
	err = s.stepTransfer(ctx, t)
	s.stepMu.Unlock()
	if err != nil {
		return TransferDetail{Transfer: t}, err
	}
	items, err := s.st.TransferItems(ctx, t.ID)
	if err != nil {
		return TransferDetail{Transfer: t}, err
	}
	d := TransferDetail{Transfer: t, Items: items}
	return d, refusals(d)
}

// refusals names what WeCom refused in a submitted handover, by errcode.
func refusals(d TransferDetail) error {
	codes, n := map[int]int{}, 0
	for _, it := range d.Items {
		switch it.Status {
		case ItemFailed, ItemOverLimit, ItemRefused, ItemNoRecord:
			codes[it.ErrCode]++
			n++
		}
	}
	if n == 0 {
		return nil
	}
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(codes)) {
		parts = append(parts, fmt.Sprintf("%d×%d", codes[c], c))
	}
	return fmt.Errorf("%w: transfer %d: WeCom refused %d of %d (errcode count×code: %s)", ErrHandoverIncomplete, d.ID, n, len(d.Items), strings.Join(parts, ", "))
}

// unassignedCustomers lists the customers get_unassigned_list gives for one
// resigned member: what 离职继承 can take from it, as WeCom sees them after
// the delete.
func (s *Service) unassignedCustomers(ctx context.Context, corpID, handoverUserID string) ([]string, error) {
	api, err := s.client(ctx, corpID)
	if err != nil {
		return nil, err
	}
	var out []string
	for u, err := range api.UnassignedCustomers(ctx, 1000) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(u.HandoverUserID, handoverUserID) {
			out = append(out, u.ExternalUserID)
		}
	}
	return out, nil
}

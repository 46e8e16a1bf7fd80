package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wecomadmin/internal/wecom"
)

// The leaver lifecycle WeCom allows. A member's customers can be handed
// over by 在职继承 (transfer_customer) only while the member is active, and
// by 离职继承 (resigned/transfer_customer, 40097 otherwise) only once the
// member is gone from the directory. A disabled member is in neither state:
// so a leaver still active is handed over first and disabled after, and a
// leaver already disabled is deleted (once the grace period is over) and
// then handed over from the unassigned list.

// leaver plans a leaver's account.
func (b *builder) leaver(ctx context.Context, p *Planner, e *EmployeePlan, u *wecom.User, leftAt int64, rule Rule) error {
	handsOver := rule == RuleLeaver || b.in.Settings.RemovedPolicy == RemovedLeaver
	switch {
	case u == nil || b.isDeleted(e.UserID):
		set(e, ActUnchanged, rule, "no WeCom account")
		return nil
	case u.Status != wecom.UserDisabled && u.Status != wecom.UserExitedCorp && (u.Enable == nil || *u.Enable != 0):
		b.disableLeaver(ctx, p, e, u, rule, handsOver)
		return nil
	case rule == RuleRowRemoved && !handsOver:
		set(e, ActUnchanged, rule, "employee no longer in the HR file; account already disabled")
		return nil
	}
	n, groups, err := handoverLoad(ctx, p, b.in.CorpID, u.UserID)
	load := ""
	if err == nil && n+groups > 0 {
		load = fmt.Sprintf("; %d customers and %d group chats go by 离职继承 once the account is deleted after it", n, groups)
	}
	grace := time.Duration(b.in.Settings.LeaverGraceDays) * 24 * time.Hour
	if leftAt == 0 {
		set(e, ActUnchanged, RuleLeaverWait, fmt.Sprintf("disabled; the %d-day grace period starts now%s", b.in.Settings.LeaverGraceDays, load))
		return nil
	}
	if due := time.UnixMilli(leftAt).Add(grace); b.now.Before(due) {
		set(e, ActUnchanged, RuleLeaverWait, "disabled; deletion due after "+due.UTC().Format(time.RFC3339)+load)
		return nil
	}
	switch {
	case err != nil:
		set(e, ActHeld, RuleCustomers, "grace period over; customer count failed: "+err.Error())
	case n < 0:
		set(e, ActHeld, RuleCustomers, "grace period over, but the customer handover check is not available")
	case n > 0 || groups > 0:
		to, name := b.successor(ctx, p, u)
		if to == "" {
			set(e, ActHeld, RuleNoSuccessor, fmt.Sprintf("grace period over; %d customers and %d group chats need a successor: "+
				"WeCom names no active direct leader and the corp sets no default successor (handover_to)", n, groups))
			return nil
		}
		why := fmt.Sprintf("grace period over; disabled, so 在职继承 is refused (41054) and 离职继承 needs the account deleted (40097): "+
			"deleted, then %d customers and %d group chats go by 离职继承 to %s (%s)", n, groups, name, to)
		b.add(Step{EmployeeID: e.EmployeeID, UserID: u.UserID, Action: ActDelete, Rule: RuleLeaverResigned, Reason: why})
		b.add(Step{EmployeeID: e.EmployeeID, UserID: u.UserID, Action: ActHandover, Rule: RuleLeaverResigned,
			Reason:   fmt.Sprintf("离职继承 of the unassigned customers and groupchat/transfer of the group chats of %s to %s (%s), after the delete", u.UserID, name, to),
			Handover: &HandoverStep{Kind: HandoverResigned, TakeoverUserID: to, TakeoverName: name, Customers: n, Groups: groups}})
		set(e, ActDelete, RuleLeaverResigned, why)
	default:
		b.add(Step{EmployeeID: e.EmployeeID, UserID: u.UserID, Action: ActDelete, Rule: RuleLeaverGrace,
			Reason: "leaver disabled for the grace period, no customers left: account deleted"})
		set(e, ActDelete, RuleLeaverGrace, "grace period over and customers handed over")
	}
	return nil
}

// disableLeaver plans the disable of a leaver still active in WeCom, after
// a 在职继承 of its customers and group chats when it has any: once disabled
// it can hand over nothing until it is deleted.
func (b *builder) disableLeaver(ctx context.Context, p *Planner, e *EmployeePlan, u *wecom.User, rule Rule, handsOver bool) {
	zero := 0
	w := UserWrite{UserID: u.UserID, Enable: &zero}
	reason := "leaver in HR: account disabled first, deleted after the grace period"
	if rule == RuleRowRemoved {
		reason = "not in this HR file (neither a valid nor an invalid row), but known from earlier syncs: account disabled (removed-row policy)"
	}
	if handsOver {
		reason = b.onJobHandover(ctx, p, e, u, reason)
	}
	b.add(Step{EmployeeID: e.EmployeeID, UserID: u.UserID, Action: ActDisable, Rule: rule, Reason: reason, Write: &w})
	set(e, ActDisable, rule, reason)
}

// onJobHandover plans the 在职继承 that must run before a leaver's disable
// and returns the disable's reason.
func (b *builder) onJobHandover(ctx context.Context, p *Planner, e *EmployeePlan, u *wecom.User, reason string) string {
	n, groups, err := handoverLoad(ctx, p, b.in.CorpID, u.UserID)
	if err != nil || n < 0 || n+groups == 0 {
		return reason
	}
	to, name := b.successor(ctx, p, u)
	if to == "" {
		return reason + fmt.Sprintf("; no successor for its %d customers and %d group chats (no active direct leader in WeCom, no default successor): "+
			"once disabled they can go only by 离职继承 after the account is deleted", n, groups)
	}
	b.add(Step{EmployeeID: e.EmployeeID, UserID: u.UserID, Action: ActHandover, Rule: RuleLeaverOnJob,
		Reason:   fmt.Sprintf("在职继承 of %d customers and %d group chats of %s to %s (%s) while the account is still active, before the disable", n, groups, u.UserID, name, to),
		Handover: &HandoverStep{Kind: HandoverOnJob, TakeoverUserID: to, TakeoverName: name, Customers: n, Groups: groups}})
	return fmt.Sprintf("leaver in HR: first 在职继承 of %d customers and %d group chats to %s (%s), then the account is disabled and deleted after the grace period", n, groups, name, to)
}

// successor names who takes a leaver's customers: the first direct leader
// WeCom gives who is active and not leaving too, else the corp's default
// successor. It returns the userid and name, or "" when there is none.
func (b *builder) successor(ctx context.Context, p *Planner, u *wecom.User) (string, string) {
	cands := append(append([]string{}, u.DirectLeader...), b.in.Settings.HandoverTo)
	for _, c := range cands {
		if c == "" || strings.EqualFold(c, u.UserID) || b.isDeleted(c) || b.leaving(c) {
			continue
		}
		s, err := p.WeCom.GetUser(ctx, c)
		if err != nil || s.Status != wecom.UserActive {
			continue // 在职继承 and 离职继承 both need an activated taker (41054)
		}
		return s.UserID, s.Name
	}
	return "", ""
}

// leaving reports whether uid belongs to a leaver of this HR file.
func (b *builder) leaving(uid string) bool {
	for i := range b.in.Records {
		r := &b.in.Records[i]
		if r.Status != HRLeaver {
			continue
		}
		if id, err := b.in.Settings.UserID.Derive(r.Email); err == nil && strings.EqualFold(id, uid) {
			return true
		}
	}
	return false
}

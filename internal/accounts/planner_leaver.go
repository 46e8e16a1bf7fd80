package accounts

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
)

// removedRows plans for employees we know from earlier syncs whose HR row
// is gone (not merely invalid this time).
func (b *builder) removedRows(ctx context.Context, p *Planner, calls *atomic.Int64) error {
	present := map[string]bool{}
	for _, id := range b.in.Skipped {
		present[id] = true
	}
	uids := map[string]bool{}
	for _, r := range b.in.Records {
		present[r.EmployeeID] = true
		if uid, err := b.in.Settings.UserID.Derive(r.Email); err == nil {
			uids[strings.ToLower(uid)] = true
		}
	}
	for _, k := range b.in.Known {
		if present[k.EmployeeID] || k.UserID == "" || uids[strings.ToLower(k.UserID)] || b.isDeleted(k.UserID) {
			continue
		}
		e := EmployeePlan{EmployeeID: k.EmployeeID, Name: k.Name, UserID: k.UserID, HRStatus: HRRemoved}
		if b.in.Settings.RemovedPolicy == RemovedIgnore {
			set(&e, ActUnchanged, RuleRowRemoved, "employee no longer in the HR file; ignored by the corp's policy")
			b.plan.Employees = append(b.plan.Employees, e)
			continue
		}
		calls.Add(1)
		u, err := p.WeCom.GetUser(ctx, k.UserID)
		if isNotFound(err) {
			continue // gone from WeCom too: nothing to do
		}
		b.plan.Employees = append(b.plan.Employees, e)
		ep := &b.plan.Employees[len(b.plan.Employees)-1]
		if err != nil {
			set(ep, ActHeld, RuleLookupFailed, "WeCom lookup failed: "+err.Error())
			continue
		}
		ep.WeComStatus = int(u.Status)
		if ep.Name == "" {
			ep.Name = u.Name
		}
		if err := b.leaver(ctx, p, ep, u, k.LeftAt, RuleRowRemoved); err != nil {
			return err
		}
	}
	return nil
}

// phase orders steps: 在职继承 runs while its member is still active
// (before any disable), deletes free mobiles, emails and userids before
// the updates and creates that need them, and 离职继承 follows the delete
// that makes its member resigned in WeCom.
func phase(s Step) int {
	switch s.Action {
	case ActHandover:
		if s.Handover != nil && s.Handover.Kind == HandoverResigned {
			return 2
		}
		return 0
	case ActDelete:
		return 1
	case ActDisable:
		return 3
	case ActUpdate:
		return 4
	}
	return 5
}

// order numbers the steps and links them to their employees.
func (b *builder) order() {
	slices.SortStableFunc(b.steps, func(x, y Step) int { return phase(x) - phase(y) })
	byEmp := map[string][]int{}
	for i := range b.steps {
		b.steps[i].Seq = i + 1
		b.steps[i].ReasonCode = reasonCode(b.steps[i].Rule, b.steps[i].Action)
		byEmp[b.steps[i].EmployeeID] = append(byEmp[b.steps[i].EmployeeID], i+1)
	}
	b.plan.Steps = b.steps
	for i := range b.plan.Employees {
		e := &b.plan.Employees[i]
		e.ReasonCode = reasonCode(e.Rule, e.Action)
		e.Steps = byEmp[e.EmployeeID]
		for _, seq := range e.Steps {
			b.nameStep(&b.steps[seq-1], e)
		}
		if e.Steps == nil {
			e.Steps = []int{}
		}
		b.plan.Summary[e.Action]++
	}
	if b.plan.Steps == nil {
		b.plan.Steps = []Step{}
	}
}

// handoverLoad counts what a member must hand over before its account may
// be deleted: customers and (when the counter knows them) owned group
// chats. customers is -1 when no counter is wired.
func handoverLoad(ctx context.Context, p *Planner, corpID, uid string) (customers, groups int, err error) {
	if p.Customers == nil {
		return -1, 0, nil
	}
	if customers, err = p.Customers.CustomerCount(ctx, corpID, uid); err != nil {
		return 0, 0, err
	}
	if g, ok := p.Customers.(GroupCounter); ok {
		if groups, err = g.OwnedGroupCount(ctx, corpID, uid); err != nil {
			return 0, 0, err
		}
	}
	return customers, groups, nil
}

// reasonCode names a plan reason stably: the rule and what it does (a
// removed row disabled, or left alone because it is disabled already).
func reasonCode(r Rule, a Action) string { return string(r) + "." + string(a) }

// nameStep names a step's account: a seed-rule delete of another person's
// account (the old holder of a mobile) takes that person's name from our
// copy; every other step is the employee's own.
func (b *builder) nameStep(s *Step, e *EmployeePlan) {
	if s.Name != "" {
		return
	}
	s.Name = e.Name
	if strings.EqualFold(s.UserID, e.UserID) {
		return
	}
	for _, k := range b.in.Known {
		if strings.EqualFold(k.UserID, s.UserID) && k.Name != "" {
			s.Name = k.Name
			return
		}
	}
}

package accounts

import (
	"context"
	"fmt"
	"strings"

	"wecomadmin/internal/wecom"
)

// A mobile change is a new account (seed rule b). While the old account
// still has customers or customer groups, deleting it and creating the
// same userid anew would drop them (and the archive licence): so the new
// account gets the next userid of the employee's lineage (zhang.san-2;
// 在职继承 to the same userid is 40130, and two accounts cannot share one,
// 60102) and the old account is kept until they are handed over:
//
//  1. create the new account with the new mobile and no email (the old
//     account holds it: 60106);
//  2. the admin adds the new account to the archive permit list in the
//     admin console (WeCom has no API for it); each sync reads
//     get_permit_user_list and keeps the line open until it shows;
//  3. once the new account is activated and real-name verified (在职继承
//     refuses a taker that is not: 41054, 40098), 在职继承 of the old
//     account's customers and groupchat/onjob_transfer of its groups;
//  4. once WeCom shows none left with the old account, it is deleted;
//  5. then the email moves to the new account.
//
// Each sync plans what can run now and shows the rest as waiting lines.

// Succession line kinds and states.
const (
	LineCreate    = "create"
	LineLicence   = "licence"
	LineCustomers = "customers"
	LineGroups    = "groups"
	LineDeleteOld = "delete_old"
	LineEmail     = "email"

	LinePlanned = "planned" // a step of this run
	LineWaiting = "waiting" // for an earlier line or for WeCom
	LineOpen    = "open"    // an admin action in the WeCom admin console
	LineDone    = "done"
)

// RuleSuccession: seed rule (b) with customers to keep: a new account
// succeeds the old one, which is handed over and deleted after.
const RuleSuccession Rule = "mobile_changed_successor_account"

// SuccessionLine is one line of a mobile change's plan.
type SuccessionLine struct {
	Kind       string `json:"kind"`
	State      string `json:"state"`
	Step       int    `json:"step,omitempty"` // seq of its step in this run
	UserID     string `json:"userid"`
	Name       string `json:"name,omitempty"`
	Count      int    `json:"count,omitempty"`
	Text       string `json:"text"`
	ReasonCode string `json:"reason_code"` // succession.<kind>.<state>: the UI translates it
	stepKey    int
}

// Succession is what a mobile change does to an employee's accounts.
type Succession struct {
	OldUserID string           `json:"old_userid"`
	NewUserID string           `json:"new_userid"`
	Lines     []SuccessionLine `json:"lines"`
}

// succession is a planned mobile change: old is the account in WeCom that
// holds the customers, newUID its successor (start: not yet created by an
// earlier sync).
type succession struct {
	old    wecom.User
	newUID string
	start  bool
}

// startSuccession begins a mobile change that keeps the old account, when
// it has customers or groups to hand over; false leaves seed rule (b) as it
// was (delete, create anew), also when the counts are unknown (then the
// delete is held).
func (b *builder) startSuccession(ctx context.Context, p *Planner, r *HRRecord, l *lookup) bool {
	if b.isDeleted(l.uid) {
		return false
	}
	customers, groups, err := handoverLoad(ctx, p, b.in.CorpID, l.uid)
	if err != nil || customers < 0 || customers+groups == 0 {
		return false
	}
	derived, err := b.in.Settings.UserID.Derive(r.Email)
	if err != nil {
		return false
	}
	gen := max(GenerationOf(derived, l.uid), 1)
	for n := gen + 1; n <= gen+8; n++ {
		id, err := Generation(derived, n)
		if err != nil {
			return false
		}
		if _, err := p.WeCom.GetUser(ctx, id); isNotFound(err) {
			b.succ[r.EmployeeID] = &succession{old: *l.user, newUID: id, start: true}
			return true
		}
	}
	return false
}

// permittedSet reads the archive permit list once a plan; nil when it
// cannot be read (no archive secret): the licence line then stays open.
func (b *builder) permittedSet(ctx context.Context, p *Planner) map[string]bool {
	if !b.permitRead {
		b.permitRead = true
		if ids, err := p.WeCom.GetPermitUserList(ctx, 0); err == nil {
			b.permit = map[string]bool{}
			for _, id := range ids {
				b.permit[strings.ToLower(id)] = true
			}
		}
	}
	return b.permit
}

// planSuccession plans the lines of a mobile change that can run now.
func (b *builder) planSuccession(ctx context.Context, p *Planner, e *EmployeePlan, r *HRRecord, l *lookup, s *succession) {
	old, nu := s.old.UserID, s.newUID
	e.UserID = nu
	sc := &Succession{OldUserID: old, NewUserID: nu}
	e.Succession = sc
	line := func(kind, state, uid string, count int, text string, step int) {
		sc.Lines = append(sc.Lines, SuccessionLine{Kind: kind, State: state, UserID: uid, Name: r.Name, Count: count, Text: text,
			ReasonCode: "succession." + kind + "." + state, stepKey: step})
	}
	created := !s.start && l.user != nil
	if created {
		line(LineCreate, LineDone, nu, 0, "new account "+nu+" created (new mobile "+maskMobile(r.Mobile)+")", 0)
	} else {
		dept, ok := b.in.Depts.Resolve(r.Department)
		if !ok {
			set(e, ActHeld, RuleNoDepartment, "department "+r.Department+" is not known in WeCom")
			return
		}
		w := createWrite(r, nu, dept)
		w.Email = nil // the old account holds it until it is deleted (60106)
		k := b.add(Step{EmployeeID: r.EmployeeID, UserID: nu, Action: ActCreate, Rule: RuleMobileChanged,
			Reason: fmt.Sprintf("mobile changed to %s: new account %s for %s, without the email while %s holds it (60106)", maskMobile(r.Mobile), nu, r.Name, old), Write: &w})
		line(LineCreate, LinePlanned, nu, 0, "create the new account "+nu+" with mobile "+maskMobile(r.Mobile)+", no email yet", b.steps[k].key)
	}
	permit := b.permittedSet(ctx, p)
	if r.ArchiveLicence || permit[strings.ToLower(old)] {
		if permit[strings.ToLower(nu)] {
			line(LineLicence, LineDone, nu, 0, nu+" is on the archive permit list", 0)
		} else {
			line(LineLicence, LineOpen, nu, 0, fmt.Sprintf("in the WeCom admin console (管理工具 → 会话内容存档 → 设置范围) add %s (%s) to the archive permit list: "+
				"WeCom has no API for it; each sync checks get_permit_user_list", r.Name, nu), 0)
		}
	}
	customers, groups, err := handoverLoad(ctx, p, b.in.CorpID, old)
	if err != nil {
		set(e, ActHeld, RuleSuccession, "mobile change: the customer handover check of "+old+" failed: "+err.Error())
		return
	}
	if customers+groups == 0 {
		line(LineCustomers, LineDone, old, 0, "no customers left with "+old, 0)
		line(LineGroups, LineDone, old, 0, "no customer groups left with "+old, 0)
		dk := b.deleteOnce(r.EmployeeID, old, RuleSuccession, fmt.Sprintf("mobile change: %s handed over to %s, so the old account is deleted", old, nu))
		line(LineDeleteOld, LinePlanned, old, 0, "delete the old account "+old, b.steps[dk].key)
		email := r.Email
		w := UserWrite{UserID: nu, Email: &email}
		uk := b.add(Step{EmployeeID: r.EmployeeID, UserID: nu, Action: ActUpdate, Rule: RuleSuccession,
			Reason: "mobile change: the email moves to " + nu + " after " + old + " is deleted", Changes: []Change{{"email", "", email}}, Write: &w})
		line(LineEmail, LinePlanned, nu, 0, "move the email "+email+" to "+nu, b.steps[uk].key)
		set(e, ActDelete, RuleSuccession, fmt.Sprintf("mobile change: %s is handed over; deleted, and its email moves to %s", old, nu))
		return
	}
	// user/get does not say whether a member is real-name verified: a
	// taker that is not fails the handover with 40098, shown per customer.
	ready, why := created && l.user.Status == wecom.UserActive, ""
	switch {
	case !created:
		why = nu + " is created by this run and must be activated (joined) and real-name verified before 在职继承 (41054, 40098); the next sync checks"
	case !ready:
		why = fmt.Sprintf("%s is not activated yet (WeCom status %d): 在职继承 refuses it (41054); the next sync checks", nu, l.user.Status)
	case s.old.Status != wecom.UserActive:
		ready, why = false, fmt.Sprintf("the old account %s is not active (WeCom status %d): 在职继承 needs it active", old, s.old.Status)
	default:
		if tc, ok := p.Customers.(InTransferCounter); ok {
			if n, err := tc.InTransferCount(ctx, b.in.CorpID, old); err == nil && n > 0 {
				ready, why = false, fmt.Sprintf("%d transfers to %s are under way: customers accept within 24 h", n, nu)
			}
		}
	}
	waitDelete := fmt.Sprintf("delete %s once WeCom shows its %d customers and %d groups with %s", old, customers, groups, nu)
	if !ready {
		line(LineCustomers, LineWaiting, old, customers, fmt.Sprintf("在职继承 of %d customers from %s to %s: waiting: %s", customers, old, nu, why), 0)
		line(LineGroups, LineWaiting, old, groups, fmt.Sprintf("groupchat/onjob_transfer of %d customer groups from %s to %s: waiting", groups, old, nu), 0)
		line(LineDeleteOld, LineWaiting, old, 0, waitDelete, 0)
		line(LineEmail, LineWaiting, nu, 0, "move the email to "+nu+" after the delete", 0)
		if !created {
			set(e, ActCreate, RuleMobileChanged, "mobile changed: new account "+nu+"; "+old+" keeps its customers until "+nu+" can take them over")
		} else {
			set(e, ActHeld, RuleSuccession, "mobile change: "+old+" is kept: "+why)
		}
		return
	}
	hk := b.add(Step{EmployeeID: r.EmployeeID, UserID: old, Action: ActHandover, Rule: RuleSuccession,
		Reason:   fmt.Sprintf("mobile change: 在职继承 of %d customers and %d customer groups of %s to the new account %s", customers, groups, old, nu),
		Handover: &HandoverStep{Kind: HandoverOnJob, TakeoverUserID: nu, TakeoverName: r.Name, Customers: customers, Groups: groups}})
	key := b.steps[hk].key
	line(LineCustomers, LinePlanned, old, customers, fmt.Sprintf("在职继承 of %d customers from %s to %s", customers, old, nu), key)
	line(LineGroups, LinePlanned, old, groups, fmt.Sprintf("groupchat/onjob_transfer of %d customer groups from %s to %s", groups, old, nu), key)
	line(LineDeleteOld, LineWaiting, old, 0, waitDelete+" (customers accept within 24 h; the next sync checks)", 0)
	line(LineEmail, LineWaiting, nu, 0, "move the email to "+nu+" after the delete", 0)
	set(e, ActHandover, RuleSuccession, fmt.Sprintf("mobile change: %d customers and %d groups of %s go to %s by 在职继承; %s is deleted after", customers, groups, old, nu, old))
}

// linkLines gives each succession line the seq of its step once ordered.
func (b *builder) linkLines() {
	seq := map[int]int{}
	for _, s := range b.steps {
		seq[s.key] = s.Seq
	}
	for i := range b.plan.Employees {
		if sc := b.plan.Employees[i].Succession; sc != nil {
			for j := range sc.Lines {
				sc.Lines[j].Step = seq[sc.Lines[j].stepKey]
			}
		}
	}
}

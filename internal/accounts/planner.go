package accounts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"wecomadmin/internal/wecom"
)

// DefaultLeaverGraceDays is how long a leaver stays disabled before deletion.
const DefaultLeaverGraceDays = 30

// Planner builds a sync plan from validated HR records and WeCom's state.
// It only reads from WeCom.
type Planner struct {
	WeCom     WeCom
	Customers CustomerCounter // nil: leavers are never deleted (held)
	Now       func() time.Time
	// Lookups bounds concurrent WeCom lookups (default 4); the client's own
	// rate limit still applies.
	Lookups int
}

// PlanInput is what a plan is made from.
type PlanInput struct {
	CorpID   string
	Records  []HRRecord
	Skipped  []string // employee ids on bad rows: left alone
	Known    []KnownEmployee
	Depts    *DeptTree
	Settings SyncSettings
}

// lookup is what WeCom says about one employee.
type lookup struct {
	uid         string      // derived from the HR email
	user        *wecom.User // user/get(uid); nil when not found
	mobileOwner string      // getuserid(HR mobile); "" when nobody holds it
	emailOwner  string      // get_userid_by_email(HR email); "" when nobody holds it
	// pred is the account uid succeeds (seed rule b), while it still exists.
	pred *wecom.User
	err  error
}

// Plan looks every employee up in WeCom and decides the steps.
func (p *Planner) Plan(ctx context.Context, in PlanInput) (*Plan, error) {
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	if in.Settings.LeaverGraceDays <= 0 {
		in.Settings.LeaverGraceDays = DefaultLeaverGraceDays
	}
	plan := &Plan{CorpID: in.CorpID, CreatedAt: now().UTC(), Summary: map[Action]int{}}
	b := &builder{in: in, plan: plan, now: now(), deleted: map[string]int{}, ruleDelete: map[string]int{},
		held: map[string]string{}, handover: map[string]string{}, succ: map[string]*succession{}}
	var calls atomic.Int64
	looks, err := p.lookAll(ctx, in, &calls)
	if err != nil {
		return nil, fmt.Errorf("accounts: plan: %w", err)
	}
	// Pass 1: the seed's two rules decide which old accounts go.
	for i := range in.Records {
		b.seedRules(ctx, p, &in.Records[i], &looks[i])
	}
	// Pass 2: create, update, disable or keep each employee's own account.
	for i := range in.Records {
		if err := b.decide(ctx, p, &in.Records[i], &looks[i]); err != nil {
			return nil, err
		}
	}
	if err := b.removedRows(ctx, p, &calls); err != nil {
		return nil, err
	}
	b.order()
	b.linkLines()
	b.guard()
	plan.WeComCalls = calls.Load()
	return plan, nil
}

// builder accumulates steps and employee plans.
type builder struct {
	in      PlanInput
	plan    *Plan
	now     time.Time
	deleted map[string]int // lowercased userid -> index of its delete step
	// ruleDelete is the first delete an employee's seed rules caused.
	ruleDelete map[string]int
	leftAt     map[string]int64 // employee id -> left_at from our copy
	steps      []Step
	// held: employee id -> why a rule-caused delete waits for a handover.
	held map[string]string
	// handover: lowercased userid -> why it cannot go yet ("" = it can).
	handover map[string]string
	// succ: employee id -> a mobile change that keeps the old account.
	succ map[string]*succession
	// permit: the archive permit list (lowercased), read once when needed.
	permit     map[string]bool
	permitRead bool
}

func (b *builder) add(s Step) int {
	s.key = len(b.steps) + 1
	b.steps = append(b.steps, s)
	return len(b.steps) - 1
}

// deleteOnce plans a delete of uid once, however many employees' rules ask for it.
func (b *builder) deleteOnce(emp, uid string, rule Rule, reason string) int {
	k := strings.ToLower(uid)
	if i, ok := b.deleted[k]; ok {
		return i
	}
	i := b.add(Step{EmployeeID: emp, UserID: uid, Action: ActDelete, Rule: rule, Reason: reason})
	b.deleted[k] = i
	if _, ok := b.ruleDelete[emp]; !ok {
		b.ruleDelete[emp] = i
	}
	return i
}

func (b *builder) isDeleted(uid string) bool {
	_, ok := b.deleted[strings.ToLower(uid)]
	return ok
}

// seedRules applies the seed's rules for an active employee, from the
// lookups alone (WeCom returns no mobile or email to read):
//
//	(a) getuserid(HR mobile) is another userid: the mobile changed hands,
//	    that account is deleted and the employee's own is a new account;
//	(b) the employee's account exists but the HR mobile does not map to it:
//	    the employee changed mobile, the account is deleted and created
//	    anew; likewise when get_userid_by_email(HR email) is another userid
//	    (the seed's literal wording: the account the email used before).
//
// A delete waits while the account still has customers or group chats.
func (b *builder) seedRules(ctx context.Context, p *Planner, r *HRRecord, l *lookup) {
	if l.err != nil || r.Status != HRActive {
		return
	}
	if l.pred != nil {
		b.succ[r.EmployeeID] = &succession{old: *l.pred, newUID: l.uid}
	}
	if l.mobileOwner != "" && !strings.EqualFold(l.mobileOwner, l.uid) {
		b.ruleDeleteChecked(ctx, p, r.EmployeeID, l.mobileOwner, RuleMobileMoved,
			fmt.Sprintf("mobile %s now belongs to %s (%s); the account %s that held it is deleted", maskMobile(r.Mobile), r.EmployeeID, l.uid, l.mobileOwner))
	}
	if l.emailOwner != "" && !strings.EqualFold(l.emailOwner, l.uid) && (l.pred == nil || !strings.EqualFold(l.emailOwner, l.pred.UserID)) {
		b.ruleDeleteChecked(ctx, p, r.EmployeeID, l.emailOwner, RuleMobileChanged,
			"email maps to "+l.emailOwner+", not to "+l.uid+"; that account is deleted and "+l.uid+" created anew")
	}
	if l.user != nil && !strings.EqualFold(l.mobileOwner, l.uid) && l.pred == nil {
		if b.startSuccession(ctx, p, r, l) {
			return
		}
		why := "HR mobile " + maskMobile(r.Mobile) + " maps to no account"
		if l.mobileOwner != "" {
			why = "HR mobile " + maskMobile(r.Mobile) + " maps to " + l.mobileOwner
		}
		b.ruleDeleteChecked(ctx, p, r.EmployeeID, l.uid, RuleMobileChanged, why+", not to "+l.uid+": the employee changed mobile; deleted and created anew")
	}
}

// ruleDeleteChecked plans a rule-caused delete, unless the account still
// has customers or group chats: then, as for a leaver, nothing is deleted
// and the employee is held until they are handed over.
func (b *builder) ruleDeleteChecked(ctx context.Context, p *Planner, emp, uid string, rule Rule, reason string) {
	if b.isDeleted(uid) {
		b.deleteOnce(emp, uid, rule, reason)
		return
	}
	k := strings.ToLower(uid)
	block, seen := b.handover[k]
	if !seen {
		block = handoverBlock(ctx, p, b.in.CorpID, uid)
		b.handover[k] = block
	}
	if block != "" {
		if _, ok := b.held[emp]; !ok {
			b.held[emp] = string(rule) + ": " + reason + "; held: " + block
		}
		return
	}
	b.deleteOnce(emp, uid, rule, reason)
}

// handoverBlock says why uid cannot be deleted yet ("" when it can): its
// customers and the group chats it owns must be transferred first
// (externalcontact/transfer_customer, groupchat/onjob_transfer).
func handoverBlock(ctx context.Context, p *Planner, corpID, uid string) string {
	customers, groups, err := handoverLoad(ctx, p, corpID, uid)
	switch {
	case err != nil:
		return "the customer handover check failed: " + err.Error()
	case customers < 0:
		return "the customer handover check is not available"
	case customers > 0 || groups > 0:
		return fmt.Sprintf("%s still has %d customers and %d group chats; hand them over to a colleague, then sync again", uid, customers, groups)
	}
	return ""
}

// maskMobile keeps the country code and last four digits for plan reasons.
func maskMobile(m string) string {
	if len(m) < 8 {
		return "****"
	}
	cc, rest, ok := strings.Cut(m, " ")
	if !ok {
		return "****" + m[len(m)-4:]
	}
	return cc + " ****" + rest[max(0, len(rest)-4):]
}

func (b *builder) employee(r *HRRecord, l *lookup) *EmployeePlan {
	e := EmployeePlan{EmployeeID: r.EmployeeID, Name: r.Name, UserID: l.uid, HRStatus: r.Status, record: r}
	if l.user != nil && !b.isDeleted(l.uid) {
		e.WeComStatus = int(l.user.Status)
	}
	b.plan.Employees = append(b.plan.Employees, e)
	return &b.plan.Employees[len(b.plan.Employees)-1]
}

// set records the employee's outcome; steps are linked after ordering.
func set(e *EmployeePlan, a Action, rule Rule, reason string) {
	e.Action, e.Rule, e.Reason = a, rule, reason
}

// decide plans the employee's own account.
func (b *builder) decide(ctx context.Context, p *Planner, r *HRRecord, l *lookup) error {
	e := b.employee(r, l)
	if err := l.err; err != nil {
		// One employee's failed lookup holds that employee, with the error
		// as the plan's reason, not the whole plan (a cancelled context
		// fails the plan in lookAll instead).
		set(e, ActHeld, RuleLookupFailed, fmt.Sprintf("WeCom lookup failed: %v", err))
		return nil
	}
	if why, ok := b.held[r.EmployeeID]; ok {
		set(e, ActHeld, RuleHandover, why)
		return nil
	}
	if s := b.succ[r.EmployeeID]; s != nil {
		b.planSuccession(ctx, p, e, r, l, s)
		return nil
	}
	// A rule-caused delete of another account belongs to this employee's plan.
	if i, ok := b.ruleDelete[r.EmployeeID]; ok && !strings.EqualFold(b.steps[i].UserID, l.uid) {
		set(e, ActDelete, b.steps[i].Rule, b.steps[i].Reason)
	}
	if r.Status == HRLeaver {
		return b.leaver(ctx, p, e, l.user, b.knownLeftAt(r.EmployeeID), RuleLeaver)
	}
	exists := l.user != nil && !b.isDeleted(l.uid)
	deptID, deptOK := b.in.Depts.Resolve(r.Department)
	switch {
	case !exists && !deptOK:
		set(e, ActHeld, RuleNoDepartment, "department "+r.Department+" is not known in WeCom")
	case !exists:
		rule, reason := RuleNewEmployee, "no WeCom account "+l.uid+" yet"
		if i, ok := b.deleted[strings.ToLower(l.uid)]; ok || e.Action == ActDelete {
			if ok {
				rule, reason = b.steps[i].Rule, b.steps[i].Reason
			} else {
				rule, reason = e.Rule, e.Reason
			}
		}
		w := createWrite(r, l.uid, deptID)
		b.add(Step{EmployeeID: r.EmployeeID, UserID: l.uid, Action: ActCreate, Rule: rule, Reason: reason, Write: &w})
		set(e, ActCreate, rule, reason)
	default:
		w, changes := updateWrite(r, l.user, deptID, deptOK)
		if len(changes) == 0 {
			if e.Action != ActDelete {
				set(e, ActUnchanged, RuleInSync, "WeCom matches HR")
			}
			return nil
		}
		rule := RuleProfile
		if w.Enable != nil {
			rule = RuleReactivate
		}
		b.add(Step{EmployeeID: r.EmployeeID, UserID: l.uid, Action: ActUpdate, Rule: rule, Reason: changeText(changes), Changes: changes, Write: &w})
		if e.Action != ActDelete {
			set(e, ActUpdate, rule, changeText(changes))
		}
	}
	return nil
}

func (b *builder) knownLeftAt(emp string) int64 {
	if b.leftAt == nil {
		b.leftAt = make(map[string]int64, len(b.in.Known))
		for _, k := range b.in.Known {
			b.leftAt[k.EmployeeID] = k.LeftAt
		}
	}
	return b.leftAt[emp]
}

func createWrite(r *HRRecord, uid string, dept int64) UserWrite {
	name, mobile, email, pos := r.Name, r.Mobile, r.Email, r.Title
	return UserWrite{UserID: uid, Name: &name, Mobile: &mobile, Email: &email, Position: &pos, Department: []int64{dept}}
}

// updateWrite names only the fields that differ from what WeCom returned.
// A field WeCom did not return (mobile and email, for apps created after
// 2022-06-20) is never compared, so a sync does not plan the same update
// every time; a mobile is never changed by update: a new mobile is a new
// account (rule b).
func updateWrite(r *HRRecord, u *wecom.User, dept int64, deptOK bool) (UserWrite, []Change) {
	w := UserWrite{UserID: u.UserID}
	var ch []Change
	if u.Name != r.Name {
		w.Name = &r.Name
		ch = append(ch, Change{"name", u.Name, r.Name})
	}
	if u.Position != r.Title {
		w.Position = &r.Title
		ch = append(ch, Change{"position", u.Position, r.Title})
	}
	if u.Email != "" && !strings.EqualFold(u.Email, r.Email) {
		w.Email = &r.Email
		ch = append(ch, Change{"email", u.Email, r.Email})
	}
	if deptOK && !slices.Contains(u.Department, dept) {
		w.Department = []int64{dept}
		ch = append(ch, Change{"department", fmt.Sprint(u.Department), fmt.Sprint([]int64{dept})})
	}
	if u.Status == wecom.UserDisabled || (u.Enable != nil && *u.Enable == 0) {
		one := 1
		w.Enable = &one
		ch = append(ch, Change{"enable", "0", "1"})
	}
	return w, ch
}

func changeText(ch []Change) string {
	f := make([]string, len(ch))
	for i, c := range ch {
		f[i] = c.Field
	}
	return "HR differs from WeCom in " + strings.Join(f, ", ")
}

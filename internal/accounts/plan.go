package accounts

import (
	"context"
	"time"
)

// Action is what a step (or an employee's plan as a whole) does.
type Action string

// Actions. Every step is one WeCom call; "held" and "unchanged" make none.
const (
	ActCreate    Action = "create"
	ActUpdate    Action = "update"
	ActDisable   Action = "disable"
	ActDelete    Action = "delete"
	ActUnchanged Action = "unchanged"
	ActHeld      Action = "held"
	// ActHandover hands a member's customers and customer group chats to a
	// successor: 在职继承 while the member is still active (so before its
	// disable), or 离职继承 of the unassigned customers once it is deleted.
	ActHandover Action = "handover"
)

// Destructive reports whether the action removes or locks an account; such
// steps need an explicit confirmation before they run.
func (a Action) Destructive() bool { return a == ActDelete || a == ActDisable }

// Rule names why a step exists. The first two are the seed's rules.
type Rule string

// Rules.
const (
	RuleMobileMoved   Rule = "mobile_moved_to_other_person" // seed rule (a)
	RuleMobileChanged Rule = "person_changed_mobile"        // seed rule (b)
	RuleNewEmployee   Rule = "new_employee"
	RuleProfile       Rule = "hr_profile_changed"
	RuleReactivate    Rule = "active_in_hr"
	RuleInSync        Rule = "in_sync"
	RuleLeaver        Rule = "leaver"
	RuleLeaverGrace   Rule = "leaver_grace_elapsed"
	RuleLeaverWait    Rule = "leaver_grace_running"
	RuleCustomers     Rule = "leaver_customers_not_handed_over"
	RuleRowRemoved    Rule = "hr_row_removed"
	RuleLookupFailed  Rule = "wecom_lookup_failed"
	RuleNoDepartment  Rule = "department_unresolved"
	// RuleHandover holds an employee whose seed-rule delete waits until the
	// old account's customers and group chats are handed over.
	RuleHandover Rule = "rule_delete_needs_handover"
	// RuleLeaverOnJob: a leaver still active in WeCom with customers: 在职继承
	// to the successor first, then the account is disabled.
	RuleLeaverOnJob Rule = "leaver_handover_onjob"
	// RuleLeaverResigned: a disabled leaver with customers (在职继承 refuses a
	// member who is not active, 离职继承 one still in the directory: 40097):
	// deleted once the grace period is over, then 离职继承 of the
	// unassigned customers and groupchat/transfer of its groups.
	RuleLeaverResigned Rule = "leaver_handover_resigned"
	// RuleNoSuccessor holds a leaver whose customers need a successor the
	// sync cannot name (no direct leader in WeCom, no default successor).
	RuleNoSuccessor Rule = "leaver_no_successor"
)

// Handover kinds of a handover step (the contacts feature's transfer kinds).
const (
	HandoverOnJob    = "onjob"    // 在职继承: transfer_customer, groupchat/onjob_transfer
	HandoverResigned = "resigned" // 离职继承: resigned/transfer_customer, groupchat/transfer
)

// HandoverStep is what a handover step moves, and to whom.
type HandoverStep struct {
	Kind           string `json:"kind"`
	TakeoverUserID string `json:"takeover_userid"`
	TakeoverName   string `json:"takeover_name,omitempty"`
	Customers      int    `json:"customers"` // as counted when planned
	Groups         int    `json:"groups"`
}

// Removed-row policies: what happens to an employee whose HR row is gone.
const (
	RemovedDisable = "disable" // default: disable, keep the account
	RemovedIgnore  = "ignore"  // leave it alone
	RemovedLeaver  = "leaver"  // treat as a leaver: disable, delete after the grace period
)

// SyncSettings are a corp's HR sync rules (runtime settings, edited in the UI).
type SyncSettings struct {
	UserID          UserIDRule `json:"userid_rule"`
	LeaverGraceDays int        `json:"leaver_grace_days"` // default 30
	RemovedPolicy   string     `json:"removed_policy"`    // disable (default), ignore, leaver
	Threshold       Threshold  `json:"threshold"`
	// HandoverTo takes a leaver's customers when WeCom names no direct
	// leader (userid; empty: such leavers wait for a manual handover).
	HandoverTo string `json:"handover_to,omitempty"`
}

// Handover runs a handover step for the applier: it starts the transfer of
// every customer and group chat of from to h.TakeoverUserID and returns
// once WeCom has answered for each (a refused customer is an error naming
// the errcodes; the transfers themselves finish in WeCom within 24 h).
// The contacts feature provides it.
type Handover interface {
	HandOver(ctx context.Context, corpID, from string, h HandoverStep, actor string) error
}

// CustomerCounter tells how many external contacts a member still follows;
// the contacts feature provides it. A leaver with customers is not deleted.
type CustomerCounter interface {
	CustomerCount(ctx context.Context, corpID, userid string) (int, error)
}

// GroupCounter tells how many live customer group chats a member owns; a
// CustomerCounter that also is one makes deletes wait for those too.
type GroupCounter interface {
	OwnedGroupCount(ctx context.Context, corpID, userid string) (int, error)
}

// InTransferCounter tells how many of a member's customers and groups are
// in a transfer WeCom has yet to settle (the customer accepts within 24 h);
// a CustomerCounter that also is one keeps a sync from starting the same
// 在职继承 again.
type InTransferCounter interface {
	InTransferCount(ctx context.Context, corpID, userid string) (int, error)
}

// KnownEmployee is our copy of an employee from earlier syncs.
type KnownEmployee struct {
	EmployeeID string
	UserID     string
	HRStatus   string
	Name       string // from our copy: a removed row has no HR name
	LeftAt     int64  // ms; 0 when not (yet) recorded as a leaver
}

// Change is one field an update changes.
type Change struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Step is one WeCom call of a plan.
type Step struct {
	Seq        int      `json:"seq"`
	EmployeeID string   `json:"employee_id,omitempty"`
	UserID     string   `json:"userid"`
	Action     Action   `json:"action"`
	Name       string   `json:"name,omitempty"`
	Rule       Rule     `json:"rule"`
	Reason     string   `json:"reason"`
	ReasonCode string   `json:"reason_code"` // rule.action: stable, the UI translates it
	Changes    []Change `json:"changes,omitempty"`
	// Handover is set on a handover step.
	Handover *HandoverStep `json:"handover,omitempty"`
	Write    *UserWrite    `json:"-"`
	// State is filled in once the plan is a stored run.
	State string `json:"state,omitempty"`
	Error string `json:"error,omitempty"`
	key   int    // order-independent id while planning
}

// EmployeePlan is what the sync does for one employee, with the rule behind it.
type EmployeePlan struct {
	EmployeeID       string `json:"employee_id"`
	Name             string `json:"name,omitempty"`
	UserID           string `json:"userid"`
	HRStatus         string `json:"hr_status"`
	Action           Action `json:"action"`
	Rule             Rule   `json:"rule"`
	Reason           string `json:"reason"`
	ReasonCode       string `json:"reason_code"` // rule.action: stable, the UI translates it
	Steps            []int  `json:"steps"`       // seqs of this employee's steps
	WeComStatus      int    `json:"wecom_status"`
	RealNameVerified *bool  `json:"real_name_verified"`
	// ExternalContactBlocked: not real-name verified, so WeCom may refuse
	// adding external (WeChat) contacts.
	ExternalContactBlocked bool `json:"external_contact_blocked"`
	// Succession is set for a mobile change that keeps the old account
	// until its customers are handed over: every line, done or not.
	Succession *Succession `json:"succession,omitempty"`
	record     *HRRecord
}

// Plan is the full sync plan of one corp.
type Plan struct {
	CorpID    string         `json:"corp_id"`
	CreatedAt time.Time      `json:"created_at"`
	Summary   map[Action]int `json:"summary"`
	Employees []EmployeePlan `json:"employees"`
	Steps     []Step         `json:"steps"`
	// Guard is the removed-rows check; an exceeded guard refuses the plan.
	Guard RemovalGuard `json:"removal_guard"`
	// WeComCalls is how many lookups planning made.
	WeComCalls int64 `json:"wecom_calls"`
}

// Destructive counts the plan's delete and disable steps.
func (p *Plan) Destructive() int {
	n := 0
	for _, s := range p.Steps {
		if s.Action.Destructive() {
			n++
		}
	}
	return n
}

// Records returns the HR records planned for, for the apply step to store.
func (p *Plan) Records() []HRRecord {
	out := make([]HRRecord, 0, len(p.Employees))
	for _, e := range p.Employees {
		if e.record != nil {
			out = append(out, *e.record)
		}
	}
	return out
}

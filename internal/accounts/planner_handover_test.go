package accounts

import (
	"context"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/wecom"
)

// TestPlannerLeaverHandover: the plan hands a leaver's customers over the
// way WeCom allows for the member's state: 在职继承 before the disable while
// the member is active, delete then 离职继承 once it is disabled (never a
// 离职继承 of a member still in the directory, which WeCom refuses, 40097).
func TestPlannerLeaverHandover(t *testing.T) {
	t.Parallel()
	leftLongAgo := testNow.Add(-40 * 24 * time.Hour).UnixMilli()
	leaver := func(status int, leaders ...string) wecom.User {
		u := wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", status)
		u.DirectLeader = leaders
		return u
	}
	boss := wu("wang.wu", "王五", "wang.wu@x.example", "+86 13800138009", StatusActivated)
	deputy := wu("zhao.liu", "赵六", "zhao.liu@x.example", "+86 13800138008", StatusActivated)
	offBoss := wu("wang.wu", "王五", "wang.wu@x.example", "+86 13800138009", StatusDisabled)
	row := []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRLeaver)}
	gone := []KnownEmployee{{EmployeeID: "E1", UserID: "zhang.san", LeftAt: leftLongAgo}}
	cases := []struct {
		name       string
		wecom      []wecom.User
		records    []HRRecord
		known      []KnownEmployee
		handoverTo string
		steps      []string
		takeover   string // userid and name of the handover step's successor
		kind       string
		action     Action
		rule       Rule
		reason     []string // fragments of the employee's reason
	}{
		{name: "active leaver: 在职继承 to the direct leader, then disable",
			wecom: []wecom.User{leaver(1, "wang.wu"), boss}, records: row,
			steps:    []string{"handover zhang.san leaver_handover_onjob", "disable zhang.san leaver"},
			takeover: "wang.wu 王五", kind: HandoverOnJob, action: ActDisable, rule: RuleLeaver,
			reason: []string{"在职继承 of 5 customers and 1 group chats to 王五 (wang.wu)", "then the account is disabled"}},
		{name: "active leaver whose leader is disabled: the corp's default successor",
			wecom: []wecom.User{leaver(1, "wang.wu"), offBoss, deputy}, records: row, handoverTo: "zhao.liu",
			steps:    []string{"handover zhang.san leaver_handover_onjob", "disable zhang.san leaver"},
			takeover: "zhao.liu 赵六", kind: HandoverOnJob, action: ActDisable, rule: RuleLeaver},
		{name: "active leaver whose leader leaves too: no successor, disabled with the 离职继承 path named",
			wecom:   []wecom.User{leaver(1, "wang.wu"), boss},
			records: append([]HRRecord{hr("E9", "王五", "wang.wu@x.example", "13800138009", HRLeaver)}, row...),
			steps:   []string{"disable wang.wu leaver", "disable zhang.san leaver"},
			action:  ActDisable, rule: RuleLeaver, reason: []string{"no successor", "离职继承 after the account is deleted"}},
		{name: "disabled leaver within the grace period waits, the path is named",
			wecom: []wecom.User{leaver(StatusDisabled, "wang.wu"), boss}, records: row,
			known:  []KnownEmployee{{EmployeeID: "E1", UserID: "zhang.san", LeftAt: testNow.Add(-time.Hour).UnixMilli()}},
			action: ActUnchanged, rule: RuleLeaverWait, reason: []string{"5 customers and 1 group chats go by 离职继承"}},
		{name: "disabled leaver after the grace period: delete, then 离职继承",
			wecom: []wecom.User{leaver(StatusDisabled, "wang.wu"), boss}, records: row, known: gone,
			steps:    []string{"delete zhang.san leaver_handover_resigned", "handover zhang.san leaver_handover_resigned"},
			takeover: "wang.wu 王五", kind: HandoverResigned, action: ActDelete, rule: RuleLeaverResigned,
			reason: []string{"41054", "40097", "离职继承 to 王五 (wang.wu)"}},
		{name: "disabled leaver after the grace period without a successor is held",
			wecom: []wecom.User{leaver(StatusDisabled), boss}, records: row, known: gone,
			action: ActHeld, rule: RuleNoSuccessor, reason: []string{"need a successor"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := &Planner{WeCom: newFake(c.wecom...), Now: func() time.Time { return testNow },
				Customers: fakeHandover{customers: map[string]int{"zhang.san": 5}, groups: map[string]int{"zhang.san": 1}}}
			plan, err := p.Plan(context.Background(), PlanInput{CorpID: "wwtest", Records: c.records, Known: c.known, Depts: testTree(),
				Settings: SyncSettings{HandoverTo: c.handoverTo}})
			if err != nil {
				t.Fatal(err)
			}
			if got := stepText(plan); strings.Join(got, "|") != strings.Join(c.steps, "|") {
				t.Errorf("steps:\n got %q\nwant %q", got, c.steps)
			}
			for _, s := range plan.Steps {
				if s.Action != ActHandover {
					continue
				}
				h := s.Handover
				if h == nil || h.Kind != c.kind || h.TakeoverUserID+" "+h.TakeoverName != c.takeover || h.Customers != 5 || h.Groups != 1 {
					t.Errorf("handover step %+v, want %s to %s", h, c.kind, c.takeover)
				}
				if s.Name != "张三" || !strings.Contains(s.Reason, c.takeover[strings.Index(c.takeover, " ")+1:]) {
					t.Errorf("handover step names %q, reason %q", s.Name, s.Reason)
				}
			}
			for _, e := range plan.Employees {
				if e.EmployeeID != "E1" {
					continue
				}
				if e.Action != c.action || e.Rule != c.rule {
					t.Errorf("employee: %s %s (%s), want %s %s", e.Action, e.Rule, e.Reason, c.action, c.rule)
				}
				for _, f := range c.reason {
					if !strings.Contains(e.Reason, f) {
						t.Errorf("reason %q lacks %q", e.Reason, f)
					}
				}
			}
		})
	}
}

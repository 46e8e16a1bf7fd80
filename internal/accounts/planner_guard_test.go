package accounts

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/wecom"
)

// corpOf makes n active employees known to our copy and to WeCom; the HR
// file holds the first inFile of them.
func corpOf(n, inFile int) ([]wecom.User, []HRRecord, []KnownEmployee) {
	var users []wecom.User
	var recs []HRRecord
	var known []KnownEmployee
	for i := range n {
		uid, name := fmt.Sprintf("u%03d", i), fmt.Sprintf("员工%03d", i)
		mobile := fmt.Sprintf("138%08d", i)
		users = append(users, wu(uid, name, uid+"@x.example", "+86 "+mobile, 1))
		known = append(known, KnownEmployee{EmployeeID: fmt.Sprintf("E%03d", i), UserID: uid, HRStatus: HRActive, Name: name})
		if i < inFile {
			recs = append(recs, hr(fmt.Sprintf("E%03d", i), name, uid+"@x.example", mobile, HRActive))
		}
	}
	return users, recs, known
}

func TestPlannerRemovalGuard(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		corp, inFile  int
		policy        string
		wantRemovals  int
		wantExceeded  bool
		wantNamesFrom string // every step's name starts so
	}{
		{name: "partial file: 30 of 171 rows", corp: 171, inFile: 30, wantRemovals: 141, wantExceeded: true},
		{name: "17 of 171 removed is below 10%", corp: 171, inFile: 154, wantRemovals: 17},
		{name: "18 of 171 removed is above 10%", corp: 171, inFile: 153, wantRemovals: 18, wantExceeded: true},
		{name: "complete file", corp: 171, inFile: 171},
		{name: "ignore policy removes nobody", corp: 171, inFile: 30, policy: RemovedIgnore},
		{name: "leaver policy counts too", corp: 20, inFile: 10, policy: RemovedLeaver, wantRemovals: 10, wantExceeded: true},
		{name: "one of ten is the limit", corp: 10, inFile: 9, wantRemovals: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			users, recs, known := corpOf(c.corp, c.inFile)
			p := &Planner{WeCom: newFake(users...), Now: func() time.Time { return testNow }}
			plan, err := p.Plan(context.Background(), PlanInput{CorpID: "wwtest", Records: recs, Known: known,
				Depts: testTree(), Settings: SyncSettings{RemovedPolicy: c.policy}})
			if err != nil {
				t.Fatal(err)
			}
			g := plan.Guard
			if g.Removals != c.wantRemovals || g.Exceeded != c.wantExceeded || g.Active != c.corp {
				t.Errorf("guard %+v, want removals %d of %d, exceeded %v", g, c.wantRemovals, c.corp, c.wantExceeded)
			}
			if c.wantExceeded && (g.Code != CodeRemovalLimit || !strings.Contains(g.Reason, fmt.Sprintf("%d of %d", g.Removals, g.Active))) {
				t.Errorf("refusal does not explain the guard: %q %q", g.Code, g.Reason)
			}
			if !c.wantExceeded && g.Code != "" {
				t.Errorf("guard code %q on an allowed plan", g.Code)
			}
			for _, s := range plan.Steps {
				if !strings.HasPrefix(s.Name, "员工") {
					t.Errorf("step %d (%s %s) has no name: %q", s.Seq, s.Action, s.UserID, s.Name)
				}
			}
			for _, e := range plan.Employees {
				if e.Name == "" {
					t.Errorf("employee %s has no name", e.EmployeeID)
				}
				if e.ReasonCode != string(e.Rule)+"."+string(e.Action) {
					t.Errorf("%s: reason code %q", e.EmployeeID, e.ReasonCode)
				}
				if e.HRStatus == HRRemoved && !strings.Contains(e.Reason, "HR file") {
					t.Errorf("removed %s does not say why: %q", e.EmployeeID, e.Reason)
				}
			}
		})
	}
}

// A removed row whose name our copy lacks takes it from WeCom.
func TestPlannerRemovedRowNameFromWeCom(t *testing.T) {
	t.Parallel()
	f := newFake(wu("li.si", "李四", "li.si@x.example", "+86 13800138001", 1))
	p := &Planner{WeCom: f, Now: func() time.Time { return testNow }}
	plan, err := p.Plan(context.Background(), PlanInput{CorpID: "wwtest", Depts: testTree(),
		Records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
		Known:   []KnownEmployee{{EmployeeID: "E2", UserID: "li.si", HRStatus: HRActive}}})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, s := range plan.Steps {
		names[s.UserID] = s.Name
	}
	if names["li.si"] != "李四" || names["zhang.san"] != "张三" {
		t.Errorf("step names %v", names)
	}
}

// The delete of another person's account (rule a) carries that person's
// name from our copy, not the new holder's.
func TestPlannerRuleDeleteNamesTheOldHolder(t *testing.T) {
	t.Parallel()
	f := newFake(wu("old.guy", "老王", "old.guy@x.example", "+86 13800138000", 1))
	p := &Planner{WeCom: f, Customers: fakeCustomers{}, Now: func() time.Time { return testNow }}
	plan, err := p.Plan(context.Background(), PlanInput{CorpID: "wwtest", Depts: testTree(),
		Records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
		Known:   []KnownEmployee{{EmployeeID: "E0", UserID: "old.guy", HRStatus: HRActive, Name: "老王"}}})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, s := range plan.Steps {
		names[string(s.Action)+" "+s.UserID] = s.Name
	}
	if names["delete old.guy"] != "老王" || names["create zhang.san"] != "张三" {
		t.Errorf("step names %v", names)
	}
}

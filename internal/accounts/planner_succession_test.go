package accounts

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestSuccessionNeverDeletesBeforeHandover walks a mobile change over the
// syncs after the new account was created: the old account is deleted (and
// its email moved) only once no customer or group is left with it, the
// handover waits for an activated taker, and the licence line stays open
// until the permit list has the new account.
func TestSuccessionNeverDeletesBeforeHandover(t *testing.T) {
	t.Parallel()
	rec := hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)
	rec.ArchiveLicence = true
	cases := []struct {
		name      string
		status    int
		customers int
		permit    []string
		steps     string
		states    string
	}{
		{"not activated", StatusNotActivated, 5, nil, "",
			"create:done licence:open customers:waiting groups:waiting delete_old:waiting email:waiting"},
		{"activated", StatusActivated, 5, []string{"zhang.san-2"}, "handover zhang.san mobile_changed_successor_account",
			"create:done licence:done customers:planned groups:planned delete_old:waiting email:waiting"},
		{"handed over", StatusActivated, 0, nil, "delete zhang.san mobile_changed_successor_account|update zhang.san-2 mobile_changed_successor_account",
			"create:done licence:open customers:done groups:done delete_old:planned email:planned"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			nu := wu("zhang.san-2", "张三", "", "+86 13800138000", c.status)
			f := newFake(wu("zhang.san", "张三", "zhang.san@x.example", "+86 13900139000", StatusActivated), nu)
			f.permit = c.permit
			p := &Planner{WeCom: f, Now: func() time.Time { return testNow },
				Customers: fakeHandover{customers: map[string]int{"zhang.san": c.customers}, groups: map[string]int{}}}
			plan, err := p.Plan(context.Background(), PlanInput{CorpID: "wwtest", Records: []HRRecord{rec}, Depts: testTree(),
				Known: []KnownEmployee{{EmployeeID: "E1", UserID: "zhang.san-2", HRStatus: HRActive, Name: "张三"}}})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(stepText(plan), "|"); got != c.steps {
				t.Errorf("steps %q, want %q", got, c.steps)
			}
			e := plan.Employees[0]
			if e.Succession == nil {
				t.Fatalf("no succession: %+v", e)
			}
			var states []string
			for _, l := range e.Succession.Lines {
				states = append(states, l.Kind+":"+l.State)
				if l.State == LinePlanned && l.Step == 0 {
					t.Errorf("planned line %s names no step", l.Kind)
				}
			}
			if got := strings.Join(states, " "); got != c.states {
				t.Errorf("lines %q\nwant  %q", got, c.states)
			}
		})
	}
}

package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/wecom"
)

var testNow = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

func hr(id, name, email, mobile, status string) HRRecord {
	m, err := NormalizeMobile(mobile)
	if err != nil {
		panic(err)
	}
	return HRRecord{EmployeeID: id, Name: name, Email: email, Mobile: m, Department: "总部/医学部", Title: "医药代表", Status: status}
}

func wu(uid, name, email, mobile string, status int) wecom.User {
	return wecom.User{UserID: uid, Name: name, Email: email, Mobile: mobile, Position: "医药代表", Department: []int64{2}, Status: wecom.UserStatus(status)}
}

// stepText renders steps as "action userid rule" for compact expectations.
func stepText(p *Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, fmt.Sprintf("%s %s %s", s.Action, s.UserID, s.Rule))
	}
	return out
}

func TestPlannerRules(t *testing.T) {
	t.Parallel()
	leftLongAgo := testNow.Add(-40 * 24 * time.Hour).UnixMilli()
	cases := []struct {
		name      string
		wecom     []wecom.User
		records   []HRRecord
		known     []KnownEmployee
		customers fakeCustomers
		groups    map[string]int
		noCounter bool // no customer counter wired
		policy    string
		steps     []string
		action    map[string]Action // employee id -> plan action
	}{
		{name: "new employee is created",
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps:   []string{"create zhang.san new_employee"},
			action:  map[string]Action{"E1": ActCreate}},
		{name: "in sync",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			action:  map[string]Action{"E1": ActUnchanged}},
		{name: "mobile moved to another person (rule a)",
			wecom:   []wecom.User{wu("old.guy", "老王", "old.guy@x.example", "+86 13800138000", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps:   []string{"delete old.guy mobile_moved_to_other_person", "create zhang.san mobile_moved_to_other_person"},
			action:  map[string]Action{"E1": ActCreate}},
		{name: "person changed mobile (rule b)",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13900139000", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps:   []string{"delete zhang.san person_changed_mobile", "create zhang.san person_changed_mobile"},
			action:  map[string]Action{"E1": ActCreate}},
		{name: "both at once",
			wecom: []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13900139000", 1),
				wu("li.si", "李四", "li.si@x.example", "+86 13800138000", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps: []string{"delete li.si mobile_moved_to_other_person", "delete zhang.san person_changed_mobile",
				"create zhang.san person_changed_mobile"},
			action: map[string]Action{"E1": ActCreate}},
		{name: "email held by another userid (rule b, literal)",
			wecom:   []wecom.User{wu("zs001", "张三", "zhang.san@x.example", "", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps:   []string{"delete zs001 person_changed_mobile", "create zhang.san person_changed_mobile"},
			action:  map[string]Action{"E1": ActCreate}},
		{name: "own account without mobile: the HR mobile maps to nobody (rule b)",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps:   []string{"delete zhang.san person_changed_mobile", "create zhang.san person_changed_mobile"},
			action:  map[string]Action{"E1": ActCreate}},
		{name: "rule (a) delete waits for the old holder's customers",
			wecom:     []wecom.User{wu("old.guy", "老王", "old.guy@x.example", "+86 13800138000", 1)},
			records:   []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			customers: fakeCustomers{"old.guy": 3},
			action:    map[string]Action{"E1": ActHeld}},
		{name: "rule (b) with group chats keeps the old account: a successor account first",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13900139000", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			groups:  map[string]int{"zhang.san": 1},
			steps:   []string{"create zhang.san-2 person_changed_mobile"},
			action:  map[string]Action{"E1": ActCreate}},
		{name: "rule delete without a handover check is held",
			wecom:     []wecom.User{wu("old.guy", "老王", "old.guy@x.example", "+86 13800138000", 1)},
			records:   []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			noCounter: true,
			action:    map[string]Action{"E1": ActHeld}},
		{name: "profile change with hidden mobile and email updates only what WeCom returned",
			wecom: []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", 1)},
			records: []HRRecord{func() HRRecord {
				r := hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)
				r.Title = "经理"
				return r
			}()},
			steps:  []string{"update zhang.san hr_profile_changed"},
			action: map[string]Action{"E1": ActUpdate}},
		{name: "email case differences change nothing",
			wecom:   []wecom.User{wu("Zhang.San", "张三", "ZHANG.SAN@X.EXAMPLE", "+8613800138000", 1)},
			records: []HRRecord{hr("E1", "张三", "Zhang.San@x.example", "+86 138 0013 8000", HRActive)},
			action:  map[string]Action{"E1": ActUnchanged}},
		{name: "profile change is an update",
			wecom: []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", 1)},
			records: []HRRecord{func() HRRecord {
				r := hr("E1", "张三丰", "zhang.san@x.example", "13800138000", HRActive)
				r.Title = "经理"
				return r
			}()},
			steps:  []string{"update zhang.san hr_profile_changed"},
			action: map[string]Action{"E1": ActUpdate}},
		{name: "disabled but active in HR is re-enabled",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", StatusDisabled)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			steps:   []string{"update zhang.san active_in_hr"}},
		{name: "leaver is disabled first",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRLeaver)},
			steps:   []string{"disable zhang.san leaver"},
			action:  map[string]Action{"E1": ActDisable}},
		{name: "leaver within grace waits",
			wecom:   []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", StatusDisabled)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRLeaver)},
			known:   []KnownEmployee{{EmployeeID: "E1", UserID: "zhang.san", LeftAt: testNow.Add(-time.Hour).UnixMilli()}},
			action:  map[string]Action{"E1": ActUnchanged}},
		{name: "leaver without customers is deleted after grace",
			wecom:     []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", StatusDisabled)},
			records:   []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRLeaver)},
			known:     []KnownEmployee{{EmployeeID: "E1", UserID: "zhang.san", LeftAt: leftLongAgo}},
			customers: fakeCustomers{},
			steps:     []string{"delete zhang.san leaver_grace_elapsed"},
			action:    map[string]Action{"E1": ActDelete}},
		{name: "leaver with customers is held",
			wecom:     []wecom.User{wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", StatusDisabled)},
			records:   []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRLeaver)},
			known:     []KnownEmployee{{EmployeeID: "E1", UserID: "zhang.san", LeftAt: leftLongAgo}},
			customers: fakeCustomers{"zhang.san": 12},
			action:    map[string]Action{"E1": ActHeld}},
		{name: "HR row removed disables",
			wecom:   []wecom.User{wu("li.si", "李四", "li.si@x.example", "+86 13800138001", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			known:   []KnownEmployee{{EmployeeID: "E2", UserID: "li.si"}},
			steps:   []string{"disable li.si hr_row_removed", "create zhang.san new_employee"},
			action:  map[string]Action{"E1": ActCreate, "E2": ActDisable}},
		{name: "HR row removed, ignore policy",
			wecom:   []wecom.User{wu("li.si", "李四", "li.si@x.example", "+86 13800138001", 1)},
			records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)},
			known:   []KnownEmployee{{EmployeeID: "E2", UserID: "li.si"}},
			policy:  RemovedIgnore,
			steps:   []string{"create zhang.san new_employee"},
			action:  map[string]Action{"E2": ActUnchanged}},
		{name: "invalid row is not taken for removed",
			wecom:   []wecom.User{wu("li.si", "李四", "li.si@x.example", "+86 13800138001", 1)},
			records: nil,
			known:   []KnownEmployee{{EmployeeID: "E2", UserID: "li.si"}, {EmployeeID: "E3", UserID: "gone"}},
			steps:   nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(c.wecom...)
			p := &Planner{WeCom: f, Now: func() time.Time { return testNow }}
			if !c.noCounter {
				p.Customers = fakeHandover{customers: c.customers, groups: c.groups}
			}
			in := PlanInput{CorpID: "wwtest", Records: c.records, Known: c.known, Depts: testTree(),
				Settings: SyncSettings{RemovedPolicy: c.policy}}
			if c.name == "invalid row is not taken for removed" {
				in.Skipped = []string{"E2"}
			}
			plan, err := p.Plan(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if got := stepText(plan); strings.Join(got, "|") != strings.Join(c.steps, "|") {
				t.Errorf("steps:\n got %q\nwant %q", got, c.steps)
			}
			for id, want := range c.action {
				found := false
				for _, e := range plan.Employees {
					if e.EmployeeID == id {
						found = true
						if e.Action != want {
							t.Errorf("%s: action %s (%s: %s), want %s", id, e.Action, e.Rule, e.Reason, want)
						}
					}
				}
				if !found {
					t.Errorf("%s: not in plan %+v", id, plan.Employees)
				}
			}
			if f.count("user/create")+f.count("user/update")+f.count("user/delete") != 0 {
				t.Errorf("planning wrote to WeCom: %v", f.log)
			}
		})
	}
}

func TestPlannerProtectsGetUserIDQuota(t *testing.T) {
	t.Parallel()
	var recs []HRRecord
	for i := range 15 {
		recs = append(recs, hr(fmt.Sprintf("N%02d", i), "新人", fmt.Sprintf("new%02d@x.example", i), fmt.Sprintf("1370000%04d", i), HRActive))
	}
	// An empty corp: nobody can hold a mobile, so only list_id is called.
	f := newFake()
	plan, err := (&Planner{WeCom: f, Now: func() time.Time { return testNow }}).Plan(context.Background(), PlanInput{Records: recs, Depts: testTree()})
	if err != nil || plan.Summary[ActCreate] != 15 || f.total() != 1 || plan.WeComCalls != 1 {
		t.Fatalf("empty corp: %v %v calls %v", err, plan.Summary, f.calls)
	}
	// A corp of 20: at most max(10, 15%) mobile lookups may find nobody; the rest wait.
	var users []wecom.User
	for i := range 20 {
		users = append(users, wu(fmt.Sprintf("old%02d", i), "老", fmt.Sprintf("old%02d@x.example", i), fmt.Sprintf("+86 1380000%04d", i), 1))
	}
	f = newFake(users...)
	plan, err = (&Planner{WeCom: f, Lookups: 1, Now: func() time.Time { return testNow }}).Plan(context.Background(), PlanInput{Records: recs, Depts: testTree()})
	if err != nil || plan.Summary[ActCreate] != minLookupBudget || plan.Summary[ActHeld] != 15-minLookupBudget || f.count("user/getuserid") != minLookupBudget {
		t.Fatalf("budget: %v %v calls %v", err, plan.Summary, f.calls)
	}
}

// TestPlannerCancelledFailsThePlan: records never looked up must not be
// planned as absent from WeCom (that would propose creating accounts).
func TestPlannerCancelledFailsThePlan(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := &Planner{WeCom: newFake(), Now: func() time.Time { return testNow }}
	plan, err := p.Plan(ctx, PlanInput{Records: []HRRecord{hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)}, Depts: testTree()})
	if !errors.Is(err, context.Canceled) || plan != nil {
		t.Fatalf("cancelled plan: %v %+v", err, plan)
	}
}

// TestPlannerUpdatesOnlyReturnedFields: a field WeCom did not return is
// never compared, so an in-sync member plans no update sync after sync; in
// legacy mode (fields returned) a real difference still is one.
func TestPlannerUpdatesOnlyReturnedFields(t *testing.T) {
	t.Parallel()
	cases := []struct {
		legacy bool
		wEmail string
		want   string
	}{
		{false, "zhang.san@x.example", "position"},
		{true, "zhang.san@x.example", "position"},
		{true, "zs.old@x.example", "position,email"},
	}
	for _, c := range cases {
		f := newFake(wu("zhang.san", "张三", c.wEmail, "+86 13800138000", 1))
		f.legacy = c.legacy
		r := hr("E1", "张三", "zhang.san@x.example", "13800138000", HRActive)
		r.Title = "经理"
		p := &Planner{WeCom: f, Customers: fakeCustomers{}, Now: func() time.Time { return testNow }}
		plan, err := p.Plan(context.Background(), PlanInput{CorpID: "wwtest", Records: []HRRecord{r}, Depts: testTree()})
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Steps) != 1 || plan.Steps[0].Action != ActUpdate {
			t.Fatalf("legacy=%v: steps %q", c.legacy, stepText(plan))
		}
		var fields []string
		for _, ch := range plan.Steps[0].Changes {
			fields = append(fields, ch.Field)
		}
		if got := strings.Join(fields, ","); got != c.want {
			t.Errorf("legacy=%v email %s: changes %s, want %s", c.legacy, c.wEmail, got, c.want)
		}
	}
}

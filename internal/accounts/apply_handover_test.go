package accounts

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
)

// wecomHandover hands over as WeCom does: 在职继承 only from an active
// member (41054 otherwise), 离职继承 only from one gone from the directory
// (40097 while it is still there, disabled or not).
type wecomHandover struct {
	f     *fakeWeCom
	mu    sync.Mutex
	calls []string
}

func (h *wecomHandover) HandOver(_ context.Context, _, from string, st HandoverStep, _ string) error {
	u, exists := h.f.user(from)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, st.Kind+" "+from+">"+st.TakeoverUserID)
	switch {
	case st.Kind == HandoverOnJob && (!exists || u.Status != wecom.UserActive):
		return apiErr(41054)
	case st.Kind == HandoverResigned && exists:
		return apiErr(40097)
	}
	return nil
}

// TestApplyHandsOverBeforeDisable runs leaver plans against a handover that
// keeps WeCom's rules: the run hands over while WeCom still allows it (before
// the disable, after the delete), and a 离职继承 whose delete failed is not
// even tried.
func TestApplyHandsOverBeforeDisable(t *testing.T) {
	t.Parallel()
	const csvLeaver = "employee_id,name,email,mobile,department,title,status,archive_licence\n" +
		"E1,张三,zhang.san@x.example,13800138000,总部/医学部,医药代表,leaver,no\n" +
		"E2,王五,wang.wu@x.example,13800138009,总部/医学部,经理,active,no\n"
	cases := []struct {
		name      string
		status    int   // the leaver's WeCom status before the run
		leftAt    int64 // our copy's left_at
		failDel   bool
		calls     []string
		state     map[string]string // action -> step state
		finalGone bool
	}{
		{name: "active leaver: 在职继承, then disable", status: StatusActivated,
			calls: []string{"onjob zhang.san>wang.wu"}, state: map[string]string{"handover": StepDone, "disable": StepDone}},
		{name: "disabled leaver after grace: delete, then 离职继承", status: StatusDisabled, leftAt: testNow.Add(-40 * 24 * time.Hour).UnixMilli(),
			calls: []string{"resigned zhang.san>wang.wu"}, state: map[string]string{"delete": StepDone, "handover": StepDone}, finalGone: true},
		{name: "a failed delete leaves 离职继承 untried", status: StatusDisabled, leftAt: testNow.Add(-40 * 24 * time.Hour).UnixMilli(), failDel: true,
			state: map[string]string{"delete": StepFailed, "handover": StepFailed}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				lv := wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", c.status)
				lv.DirectLeader = []string{"wang.wu"}
				f := newFake(lv, wu("wang.wu", "王五", "wang.wu@x.example", "+86 13800138009", StatusActivated))
				if c.failDel {
					f.fail = func(method, _ string) error {
						if method == "user/delete" {
							return apiErr(60011)
						}
						return nil
					}
				}
				svc, _ := newService(t, b.Store, f)
				ho := &wecomHandover{f: f}
				svc.Handover, svc.Now = ho, func() time.Time { return testNow }
				svc.Customers = fakeHandover{customers: map[string]int{"zhang.san": 3}}
				if c.leftAt != 0 {
					if err := b.Store.UpsertEmployee(ctx, store.Employee{CorpID: testCorp, EmployeeID: "E1", UserID: "zhang.san", Name: "张三",
						Email: "zhang.san@x.example", HRStatus: HRLeaver, WeComStatus: c.status, LeftAt: c.leftAt}); err != nil {
						t.Fatal(err)
					}
				}
				out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader(csvLeaver), Actor: "tester"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := svc.Apply(ctx, out.RunID, out.RunID, "tester"); err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(ho.calls, "|"); got != strings.Join(c.calls, "|") {
					t.Errorf("handover calls %q, want %q (plan %q)", got, c.calls, stepText(out.Plan))
				}
				steps, err := b.Store.SyncSteps(ctx, out.RunID)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				var errs []string
				for _, s := range steps {
					if s.UserID == "zhang.san" {
						got[s.Action] = s.State
						errs = append(errs, s.LastError)
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(c.state) {
					t.Errorf("steps of zhang.san %v, want %v (errors %q)", got, c.state, errs)
				}
				if _, ok := f.user("zhang.san"); ok == c.finalGone {
					t.Errorf("zhang.san in WeCom after the run: %v", ok)
				}
			})
		})
	}
}

package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
)

type auditEvent struct{ action, target, outcome string }

type fakeAudit struct {
	mu     sync.Mutex
	events []auditEvent
	metas  []map[string]any // beside events
}

func (a *fakeAudit) Record(_ context.Context, e audit.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e.Outcome == "" {
		e.Outcome = audit.Success // as the recorder does
	}
	a.events = append(a.events, auditEvent{e.Action, e.Target, e.Outcome})
	a.metas = append(a.metas, e.Metadata)
	return nil
}

func (a *fakeAudit) count(action, outcome string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, e := range a.events {
		if e.action == action && (outcome == "" || e.outcome == outcome) {
			n++
		}
	}
	return n
}

const testCorp = "wwtestcorp000001"

func newService(t testing.TB, st *store.Store, f *fakeWeCom) (*Service, *fakeAudit) {
	t.Helper()
	if err := st.UpsertCorp(context.Background(), store.Corp{CorpID: testCorp, Key: "main", BaseURL: "http://127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	au := &fakeAudit{}
	return &Service{Store: st, Audit: au, Customers: fakeCustomers{},
		WeComFor: func(context.Context, string) (WeCom, error) { return f, nil }}, au
}

const syncCSV = `employee_id,name,email,mobile,department,title,status,archive_licence
E1,张三,zhang.san@x.example,13800138000,总部/医学部,医药代表,active,yes
E2,李四,li.si@x.example,13800138001,总部/医学部,经理,active,no
E3,王五,wang.wu@x.example,13800138002,总部/医学部,医药代表,leaver,no
E4,赵六,zhao.liu@x.example,13800138003,总部/医学部/肿瘤事业部,医药代表,active,no
`

// seedWeCom: E1 is new but their mobile is held by old.guy (rule a); E2
// changed mobile (rule b); E3 is a leaver still enabled; E4 needs a title update.
func seedWeCom() *fakeWeCom {
	return newFake(
		wu("old.guy", "老王", "old.guy@x.example", "+86 13800138000", 1),
		wu("li.si", "李四", "li.si@x.example", "+86 13999999999", 1),
		wu("wang.wu", "王五", "wang.wu@x.example", "+86 13800138002", 1),
		wecom.User{UserID: "zhao.liu", Name: "赵六", Email: "zhao.liu@x.example", Mobile: "+86 13800138003", Position: "实习", Department: []int64{3}, Status: 1},
	)
}

func TestSyncImportConfirmApply(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := seedWeCom()
		svc, au := newService(t, b.Store, f)
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader(syncCSV), Actor: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"delete old.guy mobile_moved_to_other_person", "delete li.si person_changed_mobile",
			"disable wang.wu leaver", "update zhao.liu hr_profile_changed", "create zhang.san mobile_moved_to_other_person",
			"create li.si person_changed_mobile"}
		if got := stepText(out.Plan); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("plan steps:\n got %q\nwant %q", got, want)
		}
		if _, err := svc.Apply(ctx, out.RunID, out.RunID+1, "tester"); !errors.Is(err, ErrNotConfirmed) {
			t.Fatalf("apply without confirmation: %v", err)
		}
		if f.count("user/delete") != 0 {
			t.Fatal("unconfirmed run touched WeCom")
		}
		res, err := svc.Apply(ctx, out.RunID, out.RunID, "tester")
		if err != nil || res.State != RunDone || res.Steps[StepDone] != 6 {
			t.Fatalf("apply: %v %+v", err, res)
		}
		if _, ok := f.user("old.guy"); ok {
			t.Error("old.guy still exists")
		}
		if u, _ := f.user("li.si"); u.Mobile != "+86 13800138001" || u.Status != wecom.UserNotActive {
			t.Errorf("li.si: %+v", u)
		}
		if u, _ := f.user("wang.wu"); u.Status != wecom.UserDisabled {
			t.Errorf("wang.wu: %+v", u)
		}
		if au.count("wecom_user.delete", "success") != 2 || au.count("wecom_user.disable", "success") != 1 || au.count("hrsync.confirm", "") != 1 {
			t.Errorf("audit: %+v", au.events)
		}
		emps, err := b.Store.CorpEmployees(ctx, testCorp)
		if err != nil || len(emps) != 4 {
			t.Fatalf("employees: %v %d", err, len(emps))
		}
		for _, e := range emps {
			if e.EmployeeID == "E3" && (e.LeftAt == 0 || e.WeComStatus != StatusDisabled) {
				t.Errorf("leaver not recorded: %+v", e)
			}
		}
		// A second sync of the same file changes nothing.
		out2, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader(syncCSV)})
		if err != nil || len(out2.Plan.Steps) != 0 {
			t.Fatalf("second plan: %v %q", err, stepText(out2.Plan))
		}
		// The run cannot be applied twice.
		if _, err := svc.Apply(ctx, out.RunID, out.RunID, "tester"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second apply: %v", err)
		}
	})
}

func TestSyncRefusedFile(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	svc, au := newService(t, b.Store, seedWeCom())
	bad := strings.Replace(syncCSV, "13800138001", "12", 1)
	out, err := svc.Import(context.Background(), ImportRequest{CorpKey: "main", Body: strings.NewReader(bad)})
	if !errors.Is(err, ErrRefused) || out.State != RunRefused || out.Plan != nil || out.Report.Errors[0].Line != 3 || out.RunID == 0 {
		t.Fatalf("%v %+v", err, out)
	}
	if au.count("hrsync.import", "refused") != 1 {
		t.Errorf("audit: %+v", au.events)
	}
}

// writeCalls counts write calls per userid from the fake's call log.
func writeCalls(f *fakeWeCom) map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for _, l := range f.log {
		if strings.HasPrefix(l, "user/create:") || strings.HasPrefix(l, "user/update:") || strings.HasPrefix(l, "user/delete:") {
			out[l]++
		}
	}
	return out
}

func TestSyncInterruptedAndResumed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := seedWeCom()
		svc, _ := newService(t, b.Store, f)
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Body: strings.NewReader(syncCSV)})
		if err != nil {
			t.Fatal(err)
		}
		// Fault 1: WeCom busy on the third write: the run stops, resumable.
		writes := 0
		f.fail = func(method, arg string) error {
			if strings.HasPrefix(method, "user/") && method != "user/get" {
				if writes++; writes == 3 {
					return apiErr(-1)
				}
			}
			return nil
		}
		// Fault 2: the sixth write reaches WeCom but its answer is lost (a crash
		// between the call and the commit looks the same to the next run).
		f.lose = func(method, arg string) error {
			if writes == 6 {
				return errors.New("connection reset")
			}
			return nil
		}
		res, err := svc.Apply(ctx, out.RunID, out.RunID, "tester")
		if err == nil || res.State != RunFailed || res.Steps[StepDone] != 2 {
			t.Fatalf("first apply: %v %+v", err, res)
		}
		res, err = svc.Resume(ctx, out.RunID, "tester")
		if err == nil || res.Steps[StepDone] != 4 {
			t.Fatalf("second apply: %v %+v", err, res)
		}
		f.fail, f.lose = nil, nil
		res, err = svc.Resume(ctx, out.RunID, "tester")
		if err != nil || res.State != RunDone || res.Steps[StepDone] != 6 {
			t.Fatalf("resume: %v %+v", err, res)
		}
		got := writeCalls(f)
		// Every step that was done once was called once; the failed step
		// (disable wang.wu) twice; the lost create (zhang.san) twice, the
		// replay answered 60102 and was recognised.
		want := map[string]int{"user/delete:li.si": 1, "user/delete:old.guy": 1, "user/update:wang.wu": 2,
			"user/update:zhao.liu": 1, "user/create:zhang.san": 2, "user/create:li.si": 1}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("write calls:\n got %v\nwant %v", got, want)
		}
		// Resuming a finished run is refused, and makes no call.
		before := f.total()
		if _, err := svc.Resume(ctx, out.RunID, "tester"); !errors.Is(err, store.ErrConflict) || f.total() != before {
			t.Errorf("resume of done run: %v", err)
		}
		st, err := svc.Run(ctx, out.RunID)
		if err != nil || st.State != RunDone || st.Progress[StepDone] != 6 || len(st.Steps) != 6 {
			t.Errorf("run status: %v %+v", err, st)
		}
	})
}

func TestLeaverGraceEndToEnd(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	ctx := context.Background()
	f := newFake(wu("wang.wu", "王五", "wang.wu@x.example", "+86 13800138002", 1))
	svc, _ := newService(t, b.Store, f)
	now := testNow
	svc.Now = func() time.Time { return now }
	csv := "employee_id,name,email,mobile,department,title,status,archive_licence\nE3,王五,wang.wu@x.example,13800138002,总部/医学部,医药代表,leaver,no\n"
	sync := func() *SyncOutput {
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Body: strings.NewReader(csv)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Apply(ctx, out.RunID, out.RunID, "t"); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := sync(); out.Plan.Employees[0].Action != ActDisable {
		t.Fatalf("first: %+v", out.Plan.Employees[0])
	}
	svc.Customers = fakeCustomers{"wang.wu": 3}
	now = now.Add(31 * 24 * time.Hour)
	if out := sync(); out.Plan.Employees[0].Action != ActHeld {
		t.Fatalf("with customers: %+v", out.Plan.Employees[0])
	}
	svc.Customers = fakeCustomers{}
	if out := sync(); out.Plan.Employees[0].Action != ActDelete {
		t.Fatalf("handed over: %+v", out.Plan.Employees[0])
	}
	if _, ok := f.user("wang.wu"); ok {
		t.Error("leaver still in WeCom")
	}
}

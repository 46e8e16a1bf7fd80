package contacts

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom/callback"
)

// TestDepartmentScopeOnContacts: a department-scoped account manager can
// hand over, template and read only inside its departments (finding 2).
func TestDepartmentScopeOnContacts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b.Store, Options{})
		ctx := context.Background()
		for i, emp := range []struct{ uid, path string }{{"onc1", "总部/肿瘤"}, {"onc2", "总部/肿瘤/华东"}, {"cardio", "总部/心血管"}} {
			if err := b.Store.UpsertEmployee(ctx, store.Employee{CorpID: tCorp, EmployeeID: "E" + emp.uid, UserID: emp.uid, Name: emp.uid,
				DepartmentPath: emp.path, HRStatus: "active", MainDepartment: int64(i + 1)}); err != nil {
				t.Fatal(err)
			}
		}
		global, err := e.svc.CreateTransfer(ctx, TransferRequest{CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "cardio",
			TakeoverUserID: "onc1", Customers: []string{"wm1"}}, "root")
		if err != nil {
			t.Fatal(err)
		}
		onc := auth.WithPrincipal(ctx, auth.Principal{ID: 2, Name: "onc", Kind: auth.KindToken,
			Grants: []auth.Grant{{Role: auth.RoleAccountManager, CorpID: tCorp, Departments: []string{"总部/肿瘤"}}}})
		for name, req := range map[string]TransferRequest{
			"handover outside": {CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "cardio", TakeoverUserID: "onc1", Customers: []string{"wm2"}},
			"takeover outside": {CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "onc1", TakeoverUserID: "cardio", Customers: []string{"wm2"}},
			"unknown takeover": {CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "onc1", TakeoverUserID: "nobody", Customers: []string{"wm2"}},
			"another corp":     {CorpID: "wwother", Kind: TransferOnJob, HandoverUserID: "onc1", TakeoverUserID: "onc2", Customers: []string{"wm2"}},
		} {
			if _, err := e.svc.CreateTransfer(onc, req, "onc"); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := e.svc.CreateTransfer(onc, TransferRequest{CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "onc1",
			TakeoverUserID: "onc2", Customers: []string{"wm3"}}, "onc"); err != nil {
			t.Fatalf("inside: %v", err)
		}
		if _, err := e.svc.HandOverLeaver(onc, tCorp, "cardio", LeaverRule{Pool: []string{"onc1"}}, "onc"); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("leaver outside: %v", err)
		}
		if ts, err := e.svc.Transfers(onc, tCorp, 100); err != nil || len(ts) != 1 || ts[0].HandoverUserID != "onc1" {
			t.Errorf("list: %+v %v", ts, err)
		}
		if _, err := e.svc.Transfer(onc, global.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("read outside: %v", err)
		}
		tpl := TemplateInput{CorpID: tCorp, Name: "x", Text: "您好", Enabled: true}
		for name, in := range map[string]TemplateInput{"whole corp": tpl, "sibling": withDept(tpl, "总部/心血管")} {
			if _, err := e.svc.SaveTemplate(onc, in, "onc"); !errors.Is(err, auth.ErrForbidden) {
				t.Errorf("template %s: %v", name, err)
			}
		}
		bad := withDept(tpl, "总部/肿瘤")
		bad.Attachments = []Attachment{{MsgType: "link", Link: map[string]string{"url": "javascript:alert(1)", "title": "x"}}}
		if _, err := e.svc.SaveTemplate(onc, bad, "onc"); !errors.Is(err, ErrInvalid) {
			t.Errorf("javascript: link: %v", err)
		}
		id, err := e.svc.SaveTemplate(ctx, withDept(tpl, "总部/心血管"), "root")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeleteTemplate(onc, tCorp, id, "onc"); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("delete outside: %v", err)
		}
		moved := withDept(tpl, "总部/肿瘤")
		moved.ID = id
		if _, err := e.svc.SaveTemplate(onc, moved, "onc"); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("edit outside into inside: %v", err)
		}
		if _, err := e.svc.SaveTemplate(onc, withDept(tpl, "总部/肿瘤/华东"), "onc"); err != nil {
			t.Errorf("template inside: %v", err)
		}
	})
}

func withDept(in TemplateInput, path string) TemplateInput { in.DepartmentPath = path; return in }

// TestStaleCallbackRefused: a correctly signed callback whose timestamp is
// hours old (a captured one, replayed) is refused (finding 12).
func TestStaleCallbackRefused(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	e := newEnv(t, b.Store, Options{})
	evt := ev(callback.ChangeAddExternalContact, "alice", "wm1", 1)
	evt.ToUserName, evt.MsgType, evt.Event = tCorp, "event", callback.EventChangeExternalContact
	raw, err := callback.MarshalExternalContact(evt)
	if err != nil {
		t.Fatal(err)
	}
	for ts, fresh := range map[int64]bool{time.Now().Add(-3 * time.Hour).Unix(): false, time.Now().Add(3 * time.Hour).Unix(): false, time.Now().Unix(): true} {
		s, err := e.crypt.Seal(raw, "1000002", strconv.FormatInt(ts, 10), "n"+strconv.FormatInt(ts, 10))
		if err != nil {
			t.Fatal(err)
		}
		err = e.svc.Receive(context.Background(), "main", CallbackQuery{Signature: s.Signature, Timestamp: s.Timestamp, Nonce: s.Nonce}, s.Body)
		var re *RejectError
		if fresh != (err == nil) || (!fresh && (!errors.As(err, &re) || re.Kind != RejectStale)) {
			t.Errorf("timestamp %d: %v", ts, err)
		}
	}
}

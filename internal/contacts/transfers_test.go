package contacts

import (
	"context"
	"fmt"
	"testing"

	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecom/callback"
)

// TestHandoverMixedOutcomes: 250 customers (three batches of ≤100) and two
// groups; outcomes accepted, waiting→accepted, refused, over limit, in
// another transfer (retried, then accepted), invalid; a transfer_fail
// callback refuses one more.
func TestHandoverMixedOutcomes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b.Store, Options{TransferRetry: 1})
		ctx := context.Background()
		var custs []string
		for i := 0; i < 250; i++ {
			custs = append(custs, fmt.Sprintf("wm%03d", i))
		}
		e.fake.outcome["wm001"] = 3                       // refused
		e.fake.outcome["wm002"] = 4                       // over limit
		e.fake.outcome["wm003"] = 2                       // still waiting
		e.fake.submitCode["wm004"] = wecom.CodeInTransfer // in another transfer: retried
		e.fake.submitCode["wm005"] = 40096                // invalid external_userid
		e.fake.submitCode["wrbad"] = 90500
		t1, err := e.svc.CreateTransfer(ctx, TransferRequest{CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "alice", TakeoverUserID: "bob",
			Customers: custs, Groups: []string{"wrok", "wrbad"}}, "manager1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateTransfer(ctx, TransferRequest{CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "a", TakeoverUserID: "a", Customers: custs}, "m"); err == nil {
			t.Fatal("handover to oneself accepted")
		}
		// wm006 was accepted by WeCom but the successor hits his limit later: transfer_fail.
		e.fake.outcome["wm006"] = 2
		for i := 0; i < 3; i++ {
			if err := e.svc.StepTransfers(ctx); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				fail := ev(callback.ChangeTransferFail, "bob", "wm006", 99)
				fail.FailReason = "customer_limit_exceed"
				if err := e.post(t, fail); err != nil {
					t.Fatal(err)
				}
				e.drain(t)
			}
		}
		for _, n := range e.fake.batchSizes {
			if n > BatchLimit {
				t.Fatalf("batch of %d customers", n)
			}
		}
		d, err := e.svc.Transfer(ctx, t1.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, it := range d.Items {
			got[it.TargetID] = it.Status
		}
		want := map[string]string{"wm000": ItemAccepted, "wm001": ItemRefused, "wm002": ItemOverLimit, "wm003": ItemWaiting,
			"wm004": ItemAccepted, "wm005": ItemFailed, "wm006": ItemOverLimit, "wm249": ItemAccepted, "wrok": ItemAccepted, "wrbad": ItemFailed}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s, want %s", k, got[k], v)
			}
		}
		if d.State != "running" || d.Counts[ItemAccepted] != 246 {
			t.Errorf("transfer %s counts %v", d.State, d.Counts)
		}
		e.fake.outcome["wm003"] = 1
		if err := e.svc.StepTransfers(ctx); err != nil {
			t.Fatal(err)
		}
		if d, _ = e.svc.Transfer(ctx, t1.ID); d.State != "done" {
			t.Errorf("state %s %v", d.State, d.Counts)
		}
		a := e.aud.actions()
		if a["transfer.create/"] != 1 || a["transfer.create/invalid: handover and takeover are the same employee (40130)"] != 1 || a["transfer.finish/"] != 1 || a["transfer.item_failed/customer_limit_exceed"] != 1 {
			t.Errorf("audit: %v", a)
		}
	})
}

type fakeDir map[string]string

func (d fakeDir) ManagerOf(_ context.Context, _, u string) (string, error) { return d[u], nil }

func TestLeaverRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	e.svc.dir = fakeDir{"leaver": "boss"}
	for i := 0; i < 5; i++ {
		if err := e.post(t, ev(callback.ChangeAddExternalContact, "leaver", fmt.Sprintf("wm%d", i), int64(i+1))); err != nil {
			t.Fatal(err)
		}
	}
	e.drain(t)
	ctx := context.Background()
	ts, err := e.svc.HandOverLeaver(ctx, tCorp, "leaver", LeaverRule{}, "hr")
	if err != nil || len(ts) != 1 || ts[0].TakeoverUserID != "boss" || ts[0].Counts[ItemPending] != 5 || ts[0].Kind != TransferResigned {
		t.Fatalf("manager rule: %+v %v", ts, err)
	}
	ts, err = e.svc.HandOverLeaver(ctx, tCorp, "leaver", LeaverRule{Pool: []string{"p1", "p2"}}, "hr")
	if err != nil || len(ts) != 2 || ts[0].Counts[ItemPending]+ts[1].Counts[ItemPending] != 5 {
		t.Fatalf("pool rule: %+v %v", ts, err)
	}
}

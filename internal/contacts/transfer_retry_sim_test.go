package contacts_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim"
)

// TestRetryFailedCustomers: the simulator fails the transfer of three of six
// customers (quota full, taker not activated, 2 transfers in 90 days); once
// the cause is fixed, "retry failed customers" resubmits the first two only:
// customers already waiting are not sent again, and the 40128 one is skipped.
func TestRetryFailedCustomers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		const corp = simCorp
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, corp, "main")
		aud := &auditLog{}
		// Transfers stay waiting for the whole test: WeCom gives the customer 24 h.
		rig := newSimRig(t, b.Store, 3, time.Hour, aud, contacts.Options{ReconcileInterval: -1})
		svc, world := rig.svc, rig.sim.Directory()
		var custs []string
		for i := 0; i < 6; i++ {
			id := fmt.Sprintf("wm%d", i)
			rig.add(t, "alice", wecomsim.ExternalContact{ExternalUserID: id, Name: "客户" + id, Type: 1})
			custs = append(custs, id)
		}
		world.FailTransfers(40099, "wm1") // successor's quota full
		world.FailTransfers(41054, "wm2") // successor not activated
		world.FailTransfers(40128, "wm3") // two transfers in 90 days: final
		tr, err := svc.CreateTransfer(ctx, contacts.TransferRequest{CorpID: corp, Kind: contacts.TransferOnJob, HandoverUserID: "alice",
			TakeoverUserID: "bob", Customers: custs}, "manager")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.StepTransfers(ctx); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"wm0": contacts.ItemWaiting, "wm1": contacts.ItemOverLimit, "wm2": contacts.ItemFailed,
			"wm3": contacts.ItemFailed, "wm4": contacts.ItemWaiting, "wm5": contacts.ItemWaiting}
		checkItems(t, svc, tr.ID, want)

		world.FailTransfers(0, "wm1", "wm2") // IT freed the quota and activated the successor
		res, err := svc.RetryFailedCustomers(ctx, tr.ID, "manager")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Resubmitted, []string{"wm1", "wm2"}) || !slices.Equal(res.Skipped, []string{"wm3"}) {
			t.Fatalf("resubmitted %v skipped %v", res.Resubmitted, res.Skipped)
		}
		if e, ok := aud.find("transfer.retry"); !ok || e.Actor != "manager" || e.Target != fmt.Sprint(tr.ID) {
			t.Fatalf("audit entry %+v %v", e, ok)
		}
		if err := svc.StepTransfers(ctx); err != nil {
			t.Fatal(err)
		}
		want["wm1"], want["wm2"] = contacts.ItemWaiting, contacts.ItemWaiting
		checkItems(t, svc, tr.ID, want)
		for ext, n := range map[string]int{"wm0": 1, "wm1": 2, "wm2": 2, "wm3": 1, "wm4": 1, "wm5": 1} {
			if got := world.TransferSubmissions(ext); got != n {
				t.Errorf("%s submitted %d times, want %d", ext, got, n)
			}
		}
		if _, err := svc.RetryFailedCustomers(ctx, tr.ID, "manager"); !errors.Is(err, contacts.ErrInvalid) {
			t.Fatalf("second retry with nothing retryable: %v", err)
		}
	})
}

func checkItems(t *testing.T, svc *contacts.Service, id int64, want map[string]string) {
	t.Helper()
	d, err := svc.Transfer(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range d.Items {
		if want[it.TargetID] != it.Status {
			t.Errorf("%s: %s (errcode %d), want %s", it.TargetID, it.Status, it.ErrCode, want[it.TargetID])
		}
	}
}

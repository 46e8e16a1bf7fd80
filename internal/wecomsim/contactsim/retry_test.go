package contactsim_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/contactsim"
)

type auditLog struct {
	mu sync.Mutex
	ev []entry
}

// entry is one recorded event with the actor its context named.
type entry struct {
	audit.Event
	Actor string
}

func (a *auditLog) Record(ctx context.Context, e audit.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	actor, _ := audit.ActorOf(ctx)
	a.ev = append(a.ev, entry{e, actor})
	return nil
}

func (a *auditLog) find(action string) (entry, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, e := range a.ev {
		if e.Action == action {
			return e, true
		}
	}
	return entry{}, false
}

// TestRetryFailedCustomers: the simulator fails the transfer of three of six
// customers (quota full, taker not activated, 2 transfers in 90 days); once
// the cause is fixed, "retry failed customers" resubmits the first two only:
// customers already waiting are not sent again, and the 40128 one is skipped.
func TestRetryFailedCustomers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		const corp, aes = "wwsimcorp0000001", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, corp, "main")
		// Transfers stay waiting for the whole test: WeCom gives the customer 24 h.
		world := contactsim.New(contactsim.Options{CorpID: corp, Seed: 3, TransferDelay: time.Hour}, nil)
		aud := &auditLog{}
		svc, err := contacts.New(contacts.Deps{Store: b.Store, WeCom: simClient(t, corp, world.Handler()), Auditor: aud},
			[]contacts.CorpKeys{{Key: "main", CorpID: corp, Token: "tok", AESKey: aes}}, contacts.Options{ReconcileInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		var custs []string
		for i := 0; i < 6; i++ {
			id := fmt.Sprintf("wm%d", i)
			world.Add(ctx, "alice", contactsim.Contact{ExternalUserID: id, Name: "客户" + id})
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
			if got := world.Submissions(ext); got != n {
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

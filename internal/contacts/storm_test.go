package contacts

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom/callback"
)

// stormEvents plays random but valid relationship histories for many pairs
// (each pair's events one second apart) and returns the events plus WeCom's
// resulting truth: the pairs it lists.
func stormEvents(r *rand.Rand, n int) ([]callback.ExternalContactChange, map[pairKey]bool) {
	type pst struct {
		k     pairKey
		state string
		t     int64
	}
	var pairs []*pst
	for u := 0; u < 40; u++ {
		for c := 0; c < 60; c++ {
			pairs = append(pairs, &pst{k: pairKey{fmt.Sprintf("emp%02d", u), fmt.Sprintf("wm%04d", c*7+u)}, t: 1_700_000_000})
		}
	}
	var out []callback.ExternalContactChange
	for len(out) < n {
		p := pairs[r.IntN(len(pairs))]
		p.t++
		var change, source string
		switch p.state {
		case "", StateDeletedByEmployee, StateTransferred:
			change, p.state = callback.ChangeAddExternalContact, StateActive
		case StateActive:
			switch r.IntN(4) {
			case 0:
				change, p.state = callback.ChangeDelFollowUser, StateDeletedByCustomer
			case 1:
				change, p.state = callback.ChangeDelExternalContact, StateDeletedByEmployee
			case 2:
				change, source, p.state = callback.ChangeDelExternalContact, callback.SourceDeleteByTransfer, StateTransferred
			default:
				change = callback.ChangeEditExternalContact
			}
		case StateDeletedByCustomer:
			if r.IntN(2) == 0 {
				change, p.state = callback.ChangeDelExternalContact, StateDeletedByEmployee
			} else {
				change, p.state = callback.ChangeAddExternalContact, StateActive
			}
		}
		e := ev(change, p.k.user, p.k.ext, p.t)
		e.Source = source
		out = append(out, e)
	}
	truth := map[pairKey]bool{}
	for _, p := range pairs {
		if Listed(p.state) {
			truth[p.k] = true
		}
	}
	return out, truth
}

func listedPairs(t testing.TB, st *store.Store) map[pairKey]bool {
	t.Helper()
	rs, err := st.ListFollowRelations(context.Background(), store.RelationFilter{CorpID: tCorp, States: []string{StateActive, StateDeletedByCustomer}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[pairKey]bool{}
	for _, r := range rs {
		out[pairKey{r.UserID, r.ExternalUserID}] = true
	}
	return out
}

// TestEventStorm: 10,000 callbacks, 10% of them WeCom retries, shuffled and
// delivered concurrently, end in the state a full reconciliation gives a
// fresh database, and reconciling the stormed database repairs nothing.
func TestEventStorm(t *testing.T) {
	loadtest.Gate(t)
	t.Parallel()
	total := 10_000
	if testing.Short() || raceEnabled {
		total = 2_000 // make test-load runs with -race; the full 10,000 runs without it and in BenchmarkCallbacks
	}
	r := rand.New(rand.NewPCG(1, 2))
	distinct, truth := stormEvents(r, total*9/10)
	deliveries := append([]callback.ExternalContactChange(nil), distinct...)
	for len(deliveries) < total {
		deliveries = append(deliveries, distinct[r.IntN(len(distinct))])
	}
	r.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })

	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{InboxBatch: 500})
	e.fake.listed = truth
	var next, retries atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(deliveries)); i = next.Add(1) - 1 {
				resent, err := e.deliver(t, deliveries[i])
				retries.Add(int64(resent))
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	counts, _ := e.st.InboxCounts(context.Background(), tCorp)
	// A retried delivery whose first attempt did commit counts once more as a duplicate.
	if dups := counts["duplicates"]; counts[store.InboxPending] != int64(len(distinct)) ||
		dups < int64(total-len(distinct)) || dups > int64(total-len(distinct))+retries.Load() {
		t.Fatalf("inbox: %v; want %d distinct and %d duplicates (+ up to %d retries)", counts, len(distinct), total-len(distinct), retries.Load())
	}
	e.drain(t)
	got := listedPairs(t, e.st)
	if len(got) != len(truth) {
		t.Errorf("storm state lists %d pairs, WeCom lists %d", len(got), len(truth))
	}
	for k := range truth {
		if !got[k] {
			t.Errorf("missing %v", k)
		}
	}

	fresh := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	fresh.fake.listed = truth
	rep, err := fresh.svc.Reconcile(context.Background(), tCorp)
	if err != nil || rep.Repaired != len(truth) {
		t.Fatalf("fresh reconcile: repaired %d of %d: %v", rep.Repaired, len(truth), err)
	}
	want := listedPairs(t, fresh.st)
	for k := range want {
		if !got[k] {
			t.Errorf("reconciliation lists %v, storm does not", k)
		}
	}
	rep, err = e.svc.Reconcile(context.Background(), tCorp)
	if err != nil || rep.Repaired != 0 {
		t.Fatalf("reconciling the stormed store repaired %d: %+v %v", rep.Repaired, rep.Repairs[:min(5, len(rep.Repairs))], err)
	}
}

// TestReconcileRepairsMissedEvents: a lost add and a lost delete are found
// and reported.
func TestReconcileRepairsMissedEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	e.fake.listed[pairKey{"u1", "wm1"}] = true
	e.fake.listed[pairKey{"u1", "wm2"}] = true
	for i, x := range []string{"wm2", "wm3"} {
		if err := e.post(t, ev(callback.ChangeAddExternalContact, "u1", x, int64(i+1))); err != nil {
			t.Fatal(err)
		}
	}
	e.drain(t)
	delete(e.fake.listed, pairKey{"u1", "wm3"}) // deleted; its callback was lost (fake still lists u1 via wm1/wm2)
	rep, err := e.svc.Reconcile(context.Background(), tCorp)
	if err != nil || rep.Repaired != 2 {
		t.Fatalf("%+v %v", rep, err)
	}
	if e.state(t, "u1", "wm1") != StateActive || e.state(t, "u1", "wm3") != StateDeletedByEmployee {
		t.Fatalf("states %s %s", e.state(t, "u1", "wm1"), e.state(t, "u1", "wm3"))
	}
}

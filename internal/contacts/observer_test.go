package contacts

import (
	"context"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom/callback"
)

type recObserver struct {
	mu       sync.Mutex
	received map[string]int
	applied  map[string]int
}

func (r *recObserver) CallbackReceived(_, event, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.received[event+"/"+outcome]++
}

func (r *recObserver) InboxApplied(_, event, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.applied[event+"/"+outcome]++
}

func (r *recObserver) WelcomeFinished(string, string, time.Duration) {}

// TestObserverSeesEveryOutcome: operators' counters agree with what the
// receiver and the inbox did (accepted, duplicate, rejected, applied).
func TestObserverSeesEveryOutcome(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	obs := &recObserver{received: map[string]int{}, applied: map[string]int{}}
	e.svc.obs = obs
	add := ev(callback.ChangeAddExternalContact, "u1", "wm1", 100)
	for range 2 { // WeCom's retry of the same event
		if err := e.post(t, add); err != nil {
			t.Fatal(err)
		}
	}
	_ = e.svc.Receive(context.Background(), "main", CallbackQuery{Signature: "00", Timestamp: "1", Nonce: "2"}, []byte("<xml><Encrypt>x</Encrypt></xml>"))
	e.drain(t)
	want := map[string]int{
		callback.EventChangeExternalContact + "/accepted":  1,
		callback.EventChangeExternalContact + "/duplicate": 1,
		"/rejected_" + RejectSignature:                     1,
	}
	obs.mu.Lock()
	defer obs.mu.Unlock()
	for k, n := range want {
		if obs.received[k] != n {
			t.Errorf("received %s = %d, want %d (all %v)", k, obs.received[k], n, obs.received)
		}
	}
	if n := obs.applied[callback.EventChangeExternalContact+"/applied"]; n != 1 {
		t.Errorf("applied = %d (all %v)", n, obs.applied)
	}
}

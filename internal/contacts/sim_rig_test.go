package contacts_test

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/httpapi"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim"
)

const simCorp, simToken, simAES = "wwsimcorp0000001", "tok", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

// simRig is the contacts service against the WeCom simulator: the portal's
// own client calls it, and its callbacks reach the portal's receiver.
type simRig struct {
	sim *wecomsim.Simulator
	svc *contacts.Service
}

func newSimRig(t *testing.T, st *store.Store, seed int64, delay time.Duration, aud contacts.Auditor, opt contacts.Options) *simRig {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c, err := wecom.New(wecom.Options{BaseURL: "http://" + ln.Addr().String(), CorpID: simCorp,
		Secrets: map[wecom.SecretKind]string{wecom.CustomerContact: "sim"}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := contacts.New(contacts.Deps{Store: st, WeCom: func(context.Context, string) (contacts.WeCom, error) { return c, nil }, Auditor: aud},
		[]contacts.CorpKeys{{Key: "main", CorpID: simCorp, Token: simToken, AESKey: simAES}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	portal := httptest.NewServer(httpapi.New(httpapi.Deps{Contacts: svc}).Handler())
	t.Cleanup(portal.Close)
	sim, err := wecomsim.NewSimulator(wecomsim.Options{Seed: seed, CorpID: simCorp, TransferDelay: delay,
		Callback: wecomsim.CallbackOptions{URL: portal.URL + "/wecom/callback/main", Token: simToken, AESKey: simAES}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Serve(ctx, ln, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	for i, u := range []string{"alice", "bob"} {
		if err := sim.Directory().CreateUser(wecomsim.User{UserID: u, Name: u, Email: u + "@sim.example", Department: []int64{1},
			Status: wecomsim.StatusActive, Activated: true, RealNameVerified: true, CustomerContact: true, Mobile: "+86 1390000000" + string(rune('1'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	return &simRig{sim: sim, svc: svc}
}

// add makes alice add a customer in the simulated WeCom app.
func (r *simRig) add(t *testing.T, user string, c wecomsim.ExternalContact) {
	t.Helper()
	if _, err := r.sim.Directory().AddExternalContact(c, wecomsim.FollowRelation{UserID: user, AddWay: 1}); err != nil {
		t.Fatal(err)
	}
}

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

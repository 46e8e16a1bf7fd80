package contacts

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom/callback"
)

const (
	tCorp  = "wwtestcorp000001"
	tToken = "tok"
	tAES   = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

type recAuditor struct {
	mu sync.Mutex
	ev []audit.Event
}

func (r *recAuditor) Record(_ context.Context, e audit.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ev = append(r.ev, e)
	return nil
}

func (r *recAuditor) actions() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for _, e := range r.ev {
		out[e.Action+"/"+e.Reason]++
	}
	return out
}

type env struct {
	st    *store.Store
	svc   *Service
	fake  *fakeWeCom
	aud   *recAuditor
	crypt *callback.Crypter
}

func newEnv(t testing.TB, st *store.Store, opt Options) *env {
	t.Helper()
	storetest.SeedCorp(t, st, tCorp, "main")
	if opt.ReconcileInterval == 0 {
		opt.ReconcileInterval = -1
	}
	e := &env{st: st, fake: newFake(), aud: &recAuditor{}}
	var err error
	e.svc, err = New(Deps{Store: st, WeCom: func(context.Context, string) (WeCom, error) { return e.fake, nil }, Auditor: e.aud}, []CorpKeys{{Key: "main", CorpID: tCorp, Token: tToken, AESKey: tAES}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	e.crypt, _ = callback.New(tToken, tAES, tCorp)
	return e
}

// post seals an event as WeCom does and hands it to the receiver.
func (e *env) post(t testing.TB, ev callback.ExternalContactChange) error {
	t.Helper()
	ev.ToUserName, ev.MsgType, ev.Event = tCorp, "event", callback.EventChangeExternalContact
	b, err := callback.MarshalExternalContact(ev)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.crypt.Seal(b, "1000002", strconv.FormatInt(time.Now().Unix(), 10), "n"+strconv.Itoa(int(ev.CreateTime)))
	if err != nil {
		t.Fatal(err)
	}
	return e.svc.Receive(context.Background(), "main", CallbackQuery{Signature: s.Signature, Timestamp: s.Timestamp, Nonce: s.Nonce}, s.Body)
}

// deliver posts like WeCom delivers: a callback that gets no "success"
// (here: the store timing out on a loaded machine) is sent again, three
// attempts in all; it reports how many were resent.
func (e *env) deliver(t testing.TB, ev callback.ExternalContactChange) (resent int, err error) {
	t.Helper()
	for attempt := 0; attempt < 3; attempt++ {
		if err = e.post(t, ev); err == nil {
			return attempt, nil
		}
	}
	return 2, err
}

func (e *env) drain(t testing.TB) {
	t.Helper()
	for {
		n, err := e.svc.ProcessInbox(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (e *env) state(t testing.TB, user, ext string) string {
	t.Helper()
	r, err := e.st.GetFollowRelation(context.Background(), tCorp, user, ext)
	if err != nil {
		return ""
	}
	return r.State
}

func ev(change, user, ext string, at int64) callback.ExternalContactChange {
	return callback.ExternalContactChange{Header: callback.Header{CreateTime: at, ChangeType: change}, UserID: user, ExternalUserID: ext}
}

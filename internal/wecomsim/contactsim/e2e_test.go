package contactsim_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"wecomadmin/internal/contacts"
	"wecomadmin/internal/httpapi"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim/callbacksim"
	"wecomadmin/internal/wecomsim/contactsim"
)

// simClient is the portal's WeCom client over the contacts simulator
// (which serves no gettoken: the test answers it).
func simClient(t *testing.T, corp string, h http.Handler) contacts.ClientFor {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/cgi-bin/gettoken", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"errcode":0,"access_token":"tok","expires_in":7200}`))
	})
	mux.Handle("/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := wecom.New(wecom.Options{BaseURL: srv.URL, CorpID: corp, Secrets: map[wecom.SecretKind]string{wecom.CustomerContact: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	return func(context.Context, string) (contacts.WeCom, error) { return c, nil }
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestEndToEnd: simulator events → signed, encrypted callbacks → portal
// receiver → inbox → relations and welcome messages; a handover resolves in
// the simulator with mixed outcomes; reconciliation then finds nothing to repair.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	const corp, aes = "wwsimcorp0000001", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, corp, "main")
	var world *contactsim.World
	api := simClient(t, corp, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { world.Handler().ServeHTTP(w, r) }))
	svc, err := contacts.New(contacts.Deps{Store: b.Store, WeCom: api}, []contacts.CorpKeys{{Key: "main", CorpID: corp, Token: "tok", AESKey: aes}},
		// A welcome window no loaded machine outlasts: this test checks that
		// all 30 greetings go out, not that they beat WeCom's 20 s.
		contacts.Options{InboxPoll: 10 * time.Millisecond, TransferPoll: 100 * time.Millisecond, ReconcileInterval: -1, WelcomeWindow: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	portal := httptest.NewServer(httpapi.New(httpapi.Deps{Contacts: svc}).Handler())
	defer portal.Close()
	sender, err := callbacksim.New(portal.URL+"/wecom/callback/main", "tok", aes, corp, "1000002")
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.VerifyURL(context.Background()); err != nil {
		t.Fatal(err)
	}
	world = contactsim.New(contactsim.Options{CorpID: corp, Seed: 7, TransferDelay: 300 * time.Millisecond, RefuseRate: 0.3}, sender)
	ctx, cancel := context.WithCancel(context.Background())
	g := supervise.NewGroup(slog.New(slog.DiscardHandler))
	svc.Start(ctx, g)
	defer func() { cancel(); _ = g.Wait() }()
	if _, err := svc.SaveTemplate(ctx, contacts.TemplateInput{CorpID: corp, Name: "d", Text: "您好", Enabled: true}, "admin"); err != nil {
		t.Fatal(err)
	}

	for i := 0; i < 30; i++ {
		c := contactsim.Contact{ExternalUserID: fmt.Sprintf("wm%03d", i), Name: fmt.Sprintf("医生%d", i), Type: 1 + i%2, Unionid: fmt.Sprintf("u%d", i)}
		world.Add(ctx, "alice", c)
	}
	waitFor(t, "welcome messages", func() bool {
		rep, _ := svc.WelcomeReport(ctx, corp, 100)
		return rep.Counts[contacts.WelcomeSent] == 30
	})
	world.DeleteByCustomer(ctx, "alice", "wm000")
	world.DeleteByEmployee(ctx, "alice", "wm001")
	state := func(u, e string) string {
		rs, _ := b.Store.ListFollowRelations(ctx, store.RelationFilter{CorpID: corp, UserID: u, ExternalUserID: e})
		if len(rs) == 0 {
			return ""
		}
		return rs[0].State
	}
	waitFor(t, "deletions", func() bool {
		return state("alice", "wm000") == contacts.StateDeletedByCustomer && state("alice", "wm001") == contacts.StateDeletedByEmployee
	})
	if v, err := svc.Contact(ctx, corp, "wm003"); err != nil || v.Contact.Unionid != "" || v.Contact.ContactType != 2 {
		t.Fatalf("WeCom-type contact: %+v %v", v.Contact, err)
	}
	if rep, err := svc.Reconcile(ctx, corp); err != nil || rep.Repaired != 0 || rep.RelationsSeen != 29 {
		t.Fatalf("reconcile after events: %+v %v", rep, err)
	}

	tr, err := svc.CreateTransfer(ctx, contacts.TransferRequest{CorpID: corp, Kind: contacts.TransferOnJob, HandoverUserID: "alice",
		TakeoverUserID: "bob", AllCustomers: true}, "manager")
	if err != nil {
		t.Fatal(err)
	}
	var d contacts.TransferDetail
	waitFor(t, "transfer done", func() bool {
		d, _ = svc.Transfer(ctx, tr.ID)
		return d.State == "done"
	})
	acc, ref := d.Counts[contacts.ItemAccepted], d.Counts[contacts.ItemRefused]
	if acc+ref != 29 || acc == 0 || ref == 0 {
		t.Fatalf("transfer outcomes %v", d.Counts)
	}
	waitFor(t, "transferred relations", func() bool {
		rs, _ := b.Store.ListFollowRelations(ctx, store.RelationFilter{CorpID: corp, UserID: "bob", States: []string{contacts.StateActive}})
		ts, _ := b.Store.ListFollowRelations(ctx, store.RelationFilter{CorpID: corp, UserID: "alice", States: []string{contacts.StateTransferred}})
		return len(rs) == acc && len(ts) == acc
	})
	if rep, err := svc.Reconcile(ctx, corp); err != nil || rep.Repaired != 0 {
		t.Fatalf("reconcile after handover: %+v %v", rep, err)
	}
	t.Logf("handover: %v", d.Counts)
}

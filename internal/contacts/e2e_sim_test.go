package contacts_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"wecomadmin/internal/contacts"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecomsim"
)

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
	const corp = simCorp
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, corp, "main")
	// A welcome window no loaded machine outlasts: this test checks that
	// all 30 greetings go out, not that they beat WeCom's 20 s.
	rig := newSimRig(t, b.Store, 7, 300*time.Millisecond, nil,
		contacts.Options{InboxPoll: 10 * time.Millisecond, TransferPoll: 100 * time.Millisecond, ReconcileInterval: -1, WelcomeWindow: 5 * time.Minute})
	svc, world := rig.svc, rig.sim.Directory()
	world.SetTransferOutcomes(0.3, 0)
	ctx, cancel := context.WithCancel(context.Background())
	g := supervise.NewGroup(slog.New(slog.DiscardHandler))
	svc.Start(ctx, g)
	defer func() { cancel(); _ = g.Wait() }()
	// The generated corp's own customers are taken in first; what follows
	// must then need no repair.
	base, err := svc.Reconcile(ctx, corp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveTemplate(ctx, contacts.TemplateInput{CorpID: corp, Name: "d", Text: "您好", Enabled: true}, "admin"); err != nil {
		t.Fatal(err)
	}

	for i := 0; i < 30; i++ {
		rig.add(t, "alice", wecomsim.ExternalContact{ExternalUserID: fmt.Sprintf("wm%03d", i), Name: fmt.Sprintf("医生%d", i), Type: 1 + i%2, UnionID: fmt.Sprintf("u%d", i)})
	}
	waitFor(t, "welcome messages", func() bool {
		rep, _ := svc.WelcomeReport(ctx, corp, 100)
		return rep.Counts[contacts.WelcomeSent] == 30
	})
	if err := world.DeleteFollowByCustomer("alice", "wm000"); err != nil {
		t.Fatal(err)
	}
	if err := world.DeleteFollowByEmployee("alice", "wm001"); err != nil {
		t.Fatal(err)
	}
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
	if rep, err := svc.Reconcile(ctx, corp); err != nil || rep.Repaired != 0 || rep.RelationsSeen != base.RelationsSeen+29 {
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

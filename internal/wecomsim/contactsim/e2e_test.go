package contactsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"wecomadmin/internal/contacts"
	"wecomadmin/internal/httpapi"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecomsim/callbacksim"
	"wecomadmin/internal/wecomsim/contactsim"
)

// simAPI is a minimal JSON client over the simulator, standing in for
// internal/wecom in this test.
type simAPI struct{ base string }

func (a simAPI) do(ctx context.Context, method, path string, in, out any) error {
	var body bytes.Buffer
	if in != nil {
		_ = json.NewEncoder(&body).Encode(in)
	}
	req, _ := http.NewRequestWithContext(ctx, method, a.base+path, &body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		return err
	}
	var e struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	_ = json.Unmarshal(raw, &e)
	if e.ErrCode != 0 {
		return &contacts.APIError{Code: e.ErrCode, Msg: e.ErrMsg}
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

const p = "/cgi-bin/externalcontact/"

func (a simAPI) FollowUserList(ctx context.Context, _ string) ([]string, error) {
	var r struct {
		FollowUser []string `json:"follow_user"`
	}
	return r.FollowUser, a.do(ctx, "GET", p+"get_follow_user_list", nil, &r)
}
func (a simAPI) ListExternalContacts(ctx context.Context, _, u string) ([]string, error) {
	var r struct {
		IDs []string `json:"external_userid"`
	}
	return r.IDs, a.do(ctx, "GET", p+"list?userid="+url.QueryEscape(u), nil, &r)
}
func (a simAPI) GetExternalContact(ctx context.Context, _, ext, cursor string) (d contacts.ContactDetail, err error) {
	return d, a.do(ctx, "GET", p+"get?external_userid="+url.QueryEscape(ext)+"&cursor="+url.QueryEscape(cursor), nil, &d)
}
func (a simAPI) BatchGetByUser(ctx context.Context, _ string, req contacts.BatchGetByUserRequest) (r contacts.BatchGetByUserResponse, err error) {
	return r, a.do(ctx, "POST", p+"batch/get_by_user", req, &r)
}
func (a simAPI) GroupChatList(ctx context.Context, _ string, req contacts.GroupChatListRequest) (r contacts.GroupChatListResponse, err error) {
	return r, a.do(ctx, "POST", p+"groupchat/list", req, &r)
}
func (a simAPI) GroupChatGet(ctx context.Context, _, id string, needName bool) (contacts.GroupChatInfo, error) {
	var r struct {
		G contacts.GroupChatInfo `json:"group_chat"`
	}
	return r.G, a.do(ctx, "POST", p+"groupchat/get", map[string]any{"chat_id": id, "need_name": 1}, &r)
}
func (a simAPI) TransferCustomer(ctx context.Context, _ string, req contacts.TransferCustomerRequest) (r contacts.TransferCustomerResponse, err error) {
	return r, a.do(ctx, "POST", p+"transfer_customer", req, &r)
}
func (a simAPI) TransferResult(ctx context.Context, _ string, req contacts.TransferResultRequest) (r contacts.TransferResultResponse, err error) {
	return r, a.do(ctx, "POST", p+"transfer_result", req, &r)
}
func (a simAPI) ResignedTransferCustomer(ctx context.Context, _ string, req contacts.TransferCustomerRequest) (r contacts.TransferCustomerResponse, err error) {
	return r, a.do(ctx, "POST", p+"resigned/transfer_customer", req, &r)
}
func (a simAPI) ResignedTransferResult(ctx context.Context, _ string, req contacts.TransferResultRequest) (r contacts.TransferResultResponse, err error) {
	return r, a.do(ctx, "POST", p+"resigned/transfer_result", req, &r)
}
func (a simAPI) GroupChatTransfer(ctx context.Context, _ string, req contacts.GroupChatTransferRequest) (r contacts.GroupChatTransferResponse, err error) {
	return r, a.do(ctx, "POST", p+"groupchat/transfer", req, &r)
}
func (a simAPI) GroupChatOnJobTransfer(ctx context.Context, _ string, req contacts.GroupChatTransferRequest) (r contacts.GroupChatTransferResponse, err error) {
	return r, a.do(ctx, "POST", p+"groupchat/onjob_transfer", req, &r)
}
func (a simAPI) SendWelcomeMsg(ctx context.Context, _ string, m contacts.WelcomeMsg) error {
	return a.do(ctx, "POST", p+"send_welcome_msg", m, nil)
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
	simSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { world.Handler().ServeHTTP(w, r) }))
	defer simSrv.Close()
	svc, err := contacts.New(contacts.Deps{Store: b.Store, API: simAPI{simSrv.URL}}, []contacts.CorpKeys{{Key: "main", CorpID: corp, Token: "tok", AESKey: aes}},
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

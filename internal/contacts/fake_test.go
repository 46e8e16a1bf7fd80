package contacts

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"wecomadmin/internal/wecom"
)

// fakeWeCom is an in-memory WeCom for this package's unit tests: the truth
// of who lists whom, customers, groups, transfer outcomes and welcome sends.
// The end-to-end and retry tests run against the simulator
// (e2e_sim_test.go, transfer_retry_sim_test.go); this fake stays for what
// the simulator cannot produce: a chosen transfer_result status for a named
// customer (the simulator draws outcomes at rates), a refusal of one named
// group chat in a group transfer (90500 and the like), a send_welcome_msg
// that answers only after a set delay (the fast-lane and storm tests), and
// in-process calls without HTTP for the benchmarks.
type fakeWeCom struct {
	mu       sync.Mutex
	listed   map[pairKey]bool // pairs WeCom lists (active or deleted by customer)
	contacts map[string]wecom.ExternalContact
	groups   map[string]wecom.GroupChat

	// transfers: outcome per customer, as transfer_result status (1..5), and immediate errcodes.
	outcome    map[string]int
	submitCode map[string]int
	takerCode  map[string]int       // takeover userid -> errcode of the whole call (e.g. 40098)
	submitted  map[pairKey][]string // (handover, takeover) → customers
	batchSizes []int

	welcomeCode  map[string]int // welcome_code → errcode to answer
	welcomeSent  []wecom.WelcomeMsg
	welcomeDelay time.Duration
	calls        map[string]int
}

func newFake() *fakeWeCom {
	return &fakeWeCom{listed: map[pairKey]bool{}, contacts: map[string]wecom.ExternalContact{}, groups: map[string]wecom.GroupChat{},
		outcome: map[string]int{}, submitCode: map[string]int{}, submitted: map[pairKey][]string{},
		welcomeCode: map[string]int{}, calls: map[string]int{}}
}

func (f *fakeWeCom) call(name string) { f.calls[name]++ }

func (f *fakeWeCom) contact(ext string) wecom.ExternalContact {
	if c, ok := f.contacts[ext]; ok {
		return c
	}
	return wecom.ExternalContact{ExternalUserID: ext, Name: "客户" + ext, Type: 1, UnionID: "union-" + ext}
}

func (f *fakeWeCom) ListFollowUsers(ctx context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("follow_user_list")
	set := map[string]bool{}
	for k := range f.listed {
		set[k.user] = true
	}
	var out []string
	for u := range set {
		out = append(out, u)
	}
	sort.Strings(out)
	return out, nil
}

func (f *fakeWeCom) ListExternalContacts(ctx context.Context, userID string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for k := range f.listed {
		if k.user == userID {
			out = append(out, k.ext)
		}
	}
	if len(out) == 0 {
		return nil, &wecom.Error{Code: wecom.CodeNotExternalContact}
	}
	sort.Strings(out)
	return out, nil
}

func (f *fakeWeCom) GetExternalContact(ctx context.Context, ext, cursor string) (*wecom.ExternalContactDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("get")
	d := &wecom.ExternalContactDetail{ExternalContact: f.contact(ext)}
	for k := range f.listed {
		if k.ext == ext {
			d.FollowUser = append(d.FollowUser, wecom.FollowUser{UserID: k.user, Remark: "r-" + k.user})
		}
	}
	if len(d.FollowUser) == 0 {
		return nil, &wecom.Error{Code: wecom.CodeNotExternalContact}
	}
	return d, nil
}

func (f *fakeWeCom) BatchGetByUser(ctx context.Context, users []string, cursor string, limit int) (*wecom.ContactsByUserPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("batch_get_by_user")
	if len(users) > 100 || limit > 100 {
		return nil, &wecom.Error{Code: 40058, Msg: "over limit"}
	}
	var all []pairKey
	for k := range f.listed {
		if slices.Contains(users, k.user) {
			all = append(all, k)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].user+"\x00"+all[i].ext < all[j].user+"\x00"+all[j].ext })
	off, _ := strconv.Atoi(cursor)
	lim := limit
	if lim == 0 {
		lim = 50
	}
	resp := &wecom.ContactsByUserPage{}
	for _, k := range all[min(off, len(all)):min(off+lim, len(all))] {
		resp.ExternalContactList = append(resp.ExternalContactList, wecom.ContactWithFollow{ExternalContact: f.contact(k.ext), FollowInfo: wecom.FollowUser{UserID: k.user, Remark: "r-" + k.user}})
	}
	if off+lim < len(all) {
		resp.NextCursor = strconv.Itoa(off + lim)
	}
	return resp, nil
}

func (f *fakeWeCom) ListGroupChats(ctx context.Context, req wecom.GroupChatFilter, cursor string) (*wecom.GroupChatPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for id := range f.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	off, _ := strconv.Atoi(cursor)
	resp := &wecom.GroupChatPage{}
	for _, id := range ids[min(off, len(ids)):min(off+req.Limit, len(ids))] {
		resp.GroupChatList = append(resp.GroupChatList, wecom.GroupChatRef{ChatID: id})
	}
	if off+req.Limit < len(ids) {
		resp.NextCursor = strconv.Itoa(off + req.Limit)
	}
	return resp, nil
}

func (f *fakeWeCom) GetGroupChat(ctx context.Context, chatID string, needName bool) (*wecom.GroupChat, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.groups[chatID]
	if !ok {
		return nil, &wecom.Error{Code: wecom.CodeNotCustomerGroup}
	}
	return &g, nil
}

func (f *fakeWeCom) transfer(req wecom.Transfer) ([]wecom.TransferStarted, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.batchSizes = append(f.batchSizes, len(req.ExternalUserID))
	if len(req.ExternalUserID) > 100 {
		return nil, &wecom.Error{Code: 40058}
	}
	if code := f.takerCode[req.TakeoverUserID]; code != 0 {
		return nil, &wecom.Error{Code: code}
	}
	var resp []wecom.TransferStarted
	k := pairKey{req.HandoverUserID, req.TakeoverUserID}
	for _, e := range req.ExternalUserID {
		code := f.submitCode[e]
		if code == wecom.CodeInTransfer {
			delete(f.submitCode, e) // the other transfer ends; a retry goes through
		}
		resp = append(resp, wecom.TransferStarted{ExternalUserID: e, ErrCode: code})
		if code == 0 {
			f.submitted[k] = append(f.submitted[k], e)
		}
	}
	return resp, nil
}

func (f *fakeWeCom) result(handover, takeover string) (*wecom.TransferResultPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &wecom.TransferResultPage{}
	for _, e := range f.submitted[pairKey{handover, takeover}] {
		st := f.outcome[e]
		if st == 0 {
			st = 1
		}
		resp.Customer = append(resp.Customer, wecom.TransferStatus{ExternalUserID: e, Status: st})
	}
	return resp, nil
}

func (f *fakeWeCom) TransferCustomer(ctx context.Context, r wecom.Transfer) ([]wecom.TransferStarted, error) {
	return f.transfer(r)
}
func (f *fakeWeCom) ResignedTransferCustomer(ctx context.Context, r wecom.Transfer) ([]wecom.TransferStarted, error) {
	return f.transfer(r)
}
func (f *fakeWeCom) TransferResult(ctx context.Context, handover, takeover, _ string) (*wecom.TransferResultPage, error) {
	return f.result(handover, takeover)
}
func (f *fakeWeCom) ResignedTransferResult(ctx context.Context, handover, takeover, _ string) (*wecom.TransferResultPage, error) {
	return f.result(handover, takeover)
}

func (f *fakeWeCom) groupTransfer(chats []string) ([]wecom.FailedChat, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var resp []wecom.FailedChat
	for _, id := range chats {
		if code := f.submitCode[id]; code != 0 {
			resp = append(resp, wecom.FailedChat{ChatID: id, ErrCode: code, ErrMsg: fmt.Sprint(code)})
		}
	}
	return resp, nil
}

func (f *fakeWeCom) TransferGroupChats(ctx context.Context, chats []string, _ string) ([]wecom.FailedChat, error) {
	return f.groupTransfer(chats)
}
func (f *fakeWeCom) OnJobTransferGroupChats(ctx context.Context, chats []string, _ string) ([]wecom.FailedChat, error) {
	return f.groupTransfer(chats)
}

// UnassignedCustomers lists nobody: no test here deletes a member in WeCom.
func (f *fakeWeCom) UnassignedCustomers(context.Context, int) iter.Seq2[wecom.Unassigned, error] {
	return func(func(wecom.Unassigned, error) bool) {}
}

func (f *fakeWeCom) SendWelcomeMsg(ctx context.Context, msg wecom.WelcomeMsg) error {
	if f.welcomeDelay > 0 {
		time.Sleep(f.welcomeDelay)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if code := f.welcomeCode[msg.WelcomeCode]; code != 0 {
		return &wecom.Error{Code: code}
	}
	f.welcomeSent = append(f.welcomeSent, msg)
	return nil
}

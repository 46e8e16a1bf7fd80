package contacts

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// fakeWeCom is an in-memory WeCom for this package's tests: the truth of
// who lists whom, customers, groups, transfer outcomes and welcome sends.
type fakeWeCom struct {
	mu       sync.Mutex
	listed   map[pairKey]bool // pairs WeCom lists (active or deleted by customer)
	contacts map[string]ExternalContactInfo
	groups   map[string]GroupChatInfo

	// transfers: outcome per customer, as transfer_result status (1..5), and immediate errcodes.
	outcome    map[string]int
	submitCode map[string]int
	takerCode  map[string]int       // takeover userid -> errcode of the whole call (e.g. 40098)
	submitted  map[pairKey][]string // (handover, takeover) → customers
	batchSizes []int

	welcomeCode  map[string]int // welcome_code → errcode to answer
	welcomeSent  []WelcomeMsg
	welcomeDelay time.Duration
	calls        map[string]int
}

func newFake() *fakeWeCom {
	return &fakeWeCom{listed: map[pairKey]bool{}, contacts: map[string]ExternalContactInfo{}, groups: map[string]GroupChatInfo{},
		outcome: map[string]int{}, submitCode: map[string]int{}, submitted: map[pairKey][]string{},
		welcomeCode: map[string]int{}, calls: map[string]int{}}
}

func (f *fakeWeCom) call(name string) { f.calls[name]++ }

func (f *fakeWeCom) contact(ext string) ExternalContactInfo {
	if c, ok := f.contacts[ext]; ok {
		return c
	}
	return ExternalContactInfo{ExternalUserID: ext, Name: "客户" + ext, Type: 1, Unionid: "union-" + ext}
}

func (f *fakeWeCom) FollowUserList(ctx context.Context, corpID string) ([]string, error) {
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

func (f *fakeWeCom) ListExternalContacts(ctx context.Context, corpID, userID string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for k := range f.listed {
		if k.user == userID {
			out = append(out, k.ext)
		}
	}
	if len(out) == 0 {
		return nil, &APIError{Code: CodeNotExternalContact}
	}
	sort.Strings(out)
	return out, nil
}

func (f *fakeWeCom) GetExternalContact(ctx context.Context, corpID, ext, cursor string) (ContactDetail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("get")
	d := ContactDetail{ExternalContact: f.contact(ext)}
	for k := range f.listed {
		if k.ext == ext {
			d.FollowUser = append(d.FollowUser, FollowInfo{UserID: k.user, Remark: "r-" + k.user})
		}
	}
	if len(d.FollowUser) == 0 {
		return ContactDetail{}, &APIError{Code: CodeNotExternalContact}
	}
	return d, nil
}

func (f *fakeWeCom) BatchGetByUser(ctx context.Context, corpID string, req BatchGetByUserRequest) (BatchGetByUserResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("batch_get_by_user")
	if len(req.UserIDList) > 100 || req.Limit > 100 {
		return BatchGetByUserResponse{}, &APIError{Code: 40058, Msg: "over limit"}
	}
	var all []pairKey
	for k := range f.listed {
		if slices.Contains(req.UserIDList, k.user) {
			all = append(all, k)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].user+"\x00"+all[i].ext < all[j].user+"\x00"+all[j].ext })
	off, _ := strconv.Atoi(req.Cursor)
	lim := req.Limit
	if lim == 0 {
		lim = 50
	}
	var resp BatchGetByUserResponse
	for _, k := range all[min(off, len(all)):min(off+lim, len(all))] {
		resp.ExternalContactList = append(resp.ExternalContactList, BatchContact{ExternalContact: f.contact(k.ext), FollowInfo: FollowInfo{UserID: k.user, Remark: "r-" + k.user}})
	}
	if off+lim < len(all) {
		resp.NextCursor = strconv.Itoa(off + lim)
	}
	return resp, nil
}

func (f *fakeWeCom) GroupChatList(ctx context.Context, corpID string, req GroupChatListRequest) (GroupChatListResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for id := range f.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	off, _ := strconv.Atoi(req.Cursor)
	var resp GroupChatListResponse
	for _, id := range ids[min(off, len(ids)):min(off+req.Limit, len(ids))] {
		resp.GroupChatList = append(resp.GroupChatList, GroupChatRef{ChatID: id})
	}
	if off+req.Limit < len(ids) {
		resp.NextCursor = strconv.Itoa(off + req.Limit)
	}
	return resp, nil
}

func (f *fakeWeCom) GroupChatGet(ctx context.Context, corpID, chatID string, needName bool) (GroupChatInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.groups[chatID]
	if !ok {
		return GroupChatInfo{}, &APIError{Code: 90501}
	}
	return g, nil
}

func (f *fakeWeCom) transfer(req TransferCustomerRequest) (TransferCustomerResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.batchSizes = append(f.batchSizes, len(req.ExternalUserID))
	if len(req.ExternalUserID) > 100 {
		return TransferCustomerResponse{}, &APIError{Code: 40058}
	}
	if code := f.takerCode[req.TakeoverUserID]; code != 0 {
		return TransferCustomerResponse{}, &APIError{Code: code}
	}
	var resp TransferCustomerResponse
	k := pairKey{req.HandoverUserID, req.TakeoverUserID}
	for _, e := range req.ExternalUserID {
		code := f.submitCode[e]
		if code == CodeInTransfer {
			delete(f.submitCode, e) // the other transfer ends; a retry goes through
		}
		resp.Customer = append(resp.Customer, CustomerErr{ExternalUserID: e, ErrCode: code})
		if code == 0 {
			f.submitted[k] = append(f.submitted[k], e)
		}
	}
	return resp, nil
}

func (f *fakeWeCom) result(req TransferResultRequest) (TransferResultResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var resp TransferResultResponse
	for _, e := range f.submitted[pairKey{req.HandoverUserID, req.TakeoverUserID}] {
		st := f.outcome[e]
		if st == 0 {
			st = 1
		}
		resp.Customer = append(resp.Customer, CustomerResult{ExternalUserID: e, Status: st})
	}
	return resp, nil
}

func (f *fakeWeCom) TransferCustomer(ctx context.Context, c string, r TransferCustomerRequest) (TransferCustomerResponse, error) {
	return f.transfer(r)
}
func (f *fakeWeCom) ResignedTransferCustomer(ctx context.Context, c string, r TransferCustomerRequest) (TransferCustomerResponse, error) {
	return f.transfer(r)
}
func (f *fakeWeCom) TransferResult(ctx context.Context, c string, r TransferResultRequest) (TransferResultResponse, error) {
	return f.result(r)
}
func (f *fakeWeCom) ResignedTransferResult(ctx context.Context, c string, r TransferResultRequest) (TransferResultResponse, error) {
	return f.result(r)
}

func (f *fakeWeCom) groupTransfer(req GroupChatTransferRequest) (GroupChatTransferResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var resp GroupChatTransferResponse
	for _, id := range req.ChatIDList {
		if code := f.submitCode[id]; code != 0 {
			resp.FailedChatList = append(resp.FailedChatList, FailedChat{ChatID: id, ErrCode: code, ErrMsg: fmt.Sprint(code)})
		}
	}
	return resp, nil
}

func (f *fakeWeCom) GroupChatTransfer(ctx context.Context, c string, r GroupChatTransferRequest) (GroupChatTransferResponse, error) {
	return f.groupTransfer(r)
}
func (f *fakeWeCom) GroupChatOnJobTransfer(ctx context.Context, c string, r GroupChatTransferRequest) (GroupChatTransferResponse, error) {
	return f.groupTransfer(r)
}

func (f *fakeWeCom) SendWelcomeMsg(ctx context.Context, corpID string, msg WelcomeMsg) error {
	if f.welcomeDelay > 0 {
		time.Sleep(f.welcomeDelay)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if code := f.welcomeCode[msg.WelcomeCode]; code != 0 {
		return &APIError{Code: code}
	}
	f.welcomeSent = append(f.welcomeSent, msg)
	return nil
}

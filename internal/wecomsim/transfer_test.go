package wecomsim

import (
	"encoding/json"
	"sync"
	"testing"
	"time"
)

func num(v any) int {
	n, _ := v.(json.Number).Int64()
	return int(n)
}

// takeoverFor picks an active, verified member other than the handover.
func takeoverFor(t *testing.T, s *Server, handover string) User {
	return pickUser(t, s, func(u User) bool {
		return u.Status == StatusActive && u.RealNameVerified && u.CustomerContact && u.UserID != handover
	})
}

func TestTransferOnJob(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{TransferDelay: time.Minute})
	var changes []Change
	var mu sync.Mutex
	h.s.Directory().OnChange(func(c Change) { mu.Lock(); changes = append(changes, c); mu.Unlock() })

	f := pickFollow(t, h.s, FollowActive)
	tk := takeoverFor(t, h.s, f.UserID)
	unverified := pickUser(t, h.s, func(u User) bool { return u.Status == StatusActive && !u.RealNameVerified })
	notActive := pickUser(t, h.s, func(u User) bool { return u.Status == StatusNotActive })
	body := func(handover, takeover string, ext ...string) map[string]any {
		return map[string]any{"handover_userid": handover, "takeover_userid": takeover, "external_userid": ext}
	}
	top := []struct {
		name string
		body map[string]any
		want int
	}{
		{"same member", body(f.UserID, f.UserID, f.ExternalUserID), 40130},
		{"unknown takeover", body(f.UserID, "nobody", f.ExternalUserID), 60111},
		{"takeover unverified", body(f.UserID, unverified.UserID, f.ExternalUserID), 40098},
		{"takeover not active", body(f.UserID, notActive.UserID, f.ExternalUserID), 41054},
		{"no customers", body(f.UserID, tk.UserID), 40058},
	}
	for _, c := range top {
		if r := h.api("externalcontact/transfer_customer", nil, c.body); errcode(r) != c.want {
			t.Errorf("%s: %v", c.name, r)
		}
	}
	r := h.api("externalcontact/transfer_customer", nil, body(f.UserID, tk.UserID, f.ExternalUserID, "wmnobody"))
	expect(t, r, 0)
	cs := r["customer"].([]any)
	if num(cs[0].(map[string]any)["errcode"]) != 0 || num(cs[1].(map[string]any)["errcode"]) != 40096 {
		t.Fatalf("per-customer codes %v", cs)
	}
	// A second transfer while the first waits: 40129.
	r = h.api("externalcontact/transfer_customer", nil, body(f.UserID, tk.UserID, f.ExternalUserID))
	if c := num(r["customer"].([]any)[0].(map[string]any)["errcode"]); c != 40129 {
		t.Fatalf("in-progress transfer: %d", c)
	}
	res := func() int {
		r := h.api("externalcontact/transfer_result", nil, map[string]any{"handover_userid": f.UserID, "takeover_userid": tk.UserID})
		expect(t, r, 0)
		return num(r["customer"].([]any)[0].(map[string]any)["status"])
	}
	if st := res(); st != TransferWaiting {
		t.Fatalf("status %d, want waiting", st)
	}
	h.clock.Advance(time.Minute)
	st := res()
	switch st {
	case TransferDone:
		if _, ok := h.s.Directory().Follow(tk.UserID, f.ExternalUserID); !ok {
			t.Error("takeover has no relation")
		}
		if old, _ := h.s.Directory().Follow(f.UserID, f.ExternalUserID); old.Visible() {
			t.Error("handover relation survives")
		}
	case TransferRefused, TransferQuotaFull:
	default:
		t.Fatalf("resolved status %d", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(changes) == 0 {
		t.Error("no change announced")
	}
}

func TestTransferLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{TransferDelay: time.Second})
	f := pickFollow(t, h.s, FollowActive)
	a, b := f.UserID, takeoverFor(t, h.s, f.UserID).UserID
	move := func() int {
		// Move from whoever follows now to the other member.
		from, to := a, b
		if fr, ok := h.s.Directory().Follow(b, f.ExternalUserID); ok && fr.Visible() {
			from, to = b, a
		}
		r := h.api("externalcontact/transfer_customer", nil, map[string]any{"handover_userid": from, "takeover_userid": to, "external_userid": []string{f.ExternalUserID}})
		expect(t, r, 0)
		h.clock.Advance(2 * time.Second)
		h.s.Directory().settleTransfers()
		return num(r["customer"].([]any)[0].(map[string]any)["errcode"])
	}
	for i := range 2 {
		if c := move(); c != 0 {
			t.Fatalf("transfer %d: errcode %d", i+1, c)
		}
	}
	if c := move(); c != 40128 {
		t.Fatalf("third transfer in 90 days: errcode %d, want 40128", c)
	}
	h.clock.Advance(91 * 24 * time.Hour)
	h.token = ""
	if c := move(); c != 0 {
		t.Fatalf("after 90 days: errcode %d", c)
	}
}

func TestResignedTransferAndUnassigned(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{TransferDelay: time.Second})
	r := h.api("externalcontact/get_unassigned_list", nil, map[string]any{"page_size": 1000})
	expect(t, r, 0)
	info := r["info"].([]any)
	if len(info) == 0 {
		t.Fatal("no unassigned customers")
	}
	first := info[0].(map[string]any)
	handover, ext := first["handover_userid"].(string), first["external_userid"].(string)
	tk := takeoverFor(t, h.s, handover)
	active := pickFollow(t, h.s, FollowActive)
	expect(t, h.api("externalcontact/resigned/transfer_customer", nil, map[string]any{"handover_userid": active.UserID, "takeover_userid": tk.UserID, "external_userid": []string{active.ExternalUserID}}), 40097)
	r = h.api("externalcontact/resigned/transfer_customer", nil, map[string]any{"handover_userid": handover, "takeover_userid": tk.UserID, "external_userid": []string{ext}})
	expect(t, r, 0)
	h.clock.Advance(2 * time.Second)
	r = h.api("externalcontact/resigned/transfer_result", nil, map[string]any{"handover_userid": handover, "takeover_userid": tk.UserID})
	if st := num(r["customer"].([]any)[0].(map[string]any)["status"]); st != TransferDone && st != TransferQuotaFull {
		t.Fatalf("resigned status %d", st)
	}
	// Deleting a member through the API leaves their customers unassigned.
	before := len(info)
	victim := pickFollow(t, h.s, FollowActive)
	expect(t, h.api("user/delete", q("userid", victim.UserID), nil), 0)
	r = h.api("externalcontact/get_unassigned_list", nil, map[string]any{"page_size": 1000})
	if len(r["info"].([]any)) <= before-1 {
		t.Errorf("unassigned did not grow after delete")
	}
	expect(t, h.api("externalcontact/get_unassigned_list", nil, map[string]any{"page_size": 1001}), 40058)
}

func TestGroupChatTransfer(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	var resignedChat, normalChat GroupChat
	for _, c := range h.s.Directory().GroupChats() {
		if !c.Internal && c.Status == ChatOwnerResigned && resignedChat.ChatID == "" {
			resignedChat = c
		}
		if !c.Internal && c.Status == ChatStatusNormal && normalChat.ChatID == "" {
			normalChat = c
		}
	}
	if resignedChat.ChatID == "" {
		t.Skip("seed has no resigned-owner group")
	}
	tk := takeoverFor(t, h.s, normalChat.Owner)
	fails := func(path, chat string) int {
		r := h.api(path, nil, map[string]any{"chat_id_list": []string{chat}, "new_owner": tk.UserID})
		expect(t, r, 0)
		l := r["failed_chat_list"].([]any)
		if len(l) == 0 {
			return 0
		}
		return num(l[0].(map[string]any)["errcode"])
	}
	if c := fails("externalcontact/groupchat/transfer", normalChat.ChatID); c != 90500 {
		t.Errorf("resigned transfer of a normal group: %d", c)
	}
	if c := fails("externalcontact/groupchat/transfer", resignedChat.ChatID); c != 0 {
		t.Errorf("resigned transfer: %d", c)
	}
	if c := fails("externalcontact/groupchat/transfer", resignedChat.ChatID); c != 90508 && c != 90504 {
		t.Errorf("second resigned transfer: %d", c)
	}
	if c := fails("externalcontact/groupchat/onjob_transfer", normalChat.ChatID); c != 0 && c != 90504 {
		t.Errorf("onjob transfer: %d", c)
	}
	if c := fails("externalcontact/groupchat/onjob_transfer", "wrnone"); c != 40050 {
		t.Errorf("unknown chat: %d", c)
	}
}

func TestOwnerLeavingMarksGroups(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	var chat GroupChat
	for _, c := range h.s.Directory().GroupChats() {
		if u, ok := h.s.Directory().User(c.Owner); ok && !c.Internal && c.Status == ChatStatusNormal && !u.Creator {
			chat = c
			break
		}
	}
	expect(t, h.api("user/delete", q("userid", chat.Owner), nil), 0)
	r := h.api("externalcontact/groupchat/list", nil, map[string]any{"status_filter": 1, "owner_filter": map[string]any{"userid_list": []string{chat.Owner}}, "limit": 100})
	expect(t, r, 0)
	if l := r["group_chat_list"].([]any); len(l) == 0 {
		t.Fatal("deleted owner's group not awaiting inheritance")
	}
	tk := takeoverFor(t, h.s, chat.Owner)
	r = h.api("externalcontact/groupchat/transfer", nil, map[string]any{"chat_id_list": []string{chat.ChatID}, "new_owner": tk.UserID})
	expect(t, r, 0)
	if l := r["failed_chat_list"].([]any); len(l) != 0 {
		t.Fatalf("failed %v", l)
	}
	if c, _ := h.s.Directory().GroupChat(chat.ChatID); c.Owner != tk.UserID || c.Status != ChatInherited {
		t.Fatalf("after transfer %+v", c)
	}
}

package wecomsim

import (
	"testing"
	"time"
)

// TestTransferFollowsMemberState walks a leaver through the states WeCom
// knows and checks which inheritance each allows: 在职继承 only while the
// member is active, 离职继承 only once the member is deleted (40097 while
// still in the directory, disabled or not), after which the customers are
// on get_unassigned_list.
func TestTransferFollowsMemberState(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name             string
		state            func(d *Directory, uid string) error
		onjob, resigned  int
		groupOnJob       int
		listedUnassigned bool
	}{
		{"active", func(*Directory, string) error { return nil }, 0, 40097, 0, false},
		{"disabled", func(d *Directory, uid string) error { return d.SetUserStatus(uid, StatusDisabled) }, 41054, 40097, 41054, false},
		{"deleted", func(d *Directory, uid string) error { return d.DeleteUsers(uid) }, 60111, 0, 90502, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Options{TransferDelay: time.Minute})
			d := h.s.Directory()
			var f FollowRelation
			var chat GroupChat
			for _, ch := range d.GroupChats() {
				if ch.Internal || ch.Dismissed || ch.Status != ChatStatusNormal {
					continue
				}
				if u, ok := d.User(ch.Owner); !ok || u.Status != StatusActive {
					continue
				}
				for _, x := range d.Follows() {
					if x.UserID == ch.Owner && x.Status == FollowActive {
						f, chat = x, ch
					}
				}
				if f.UserID != "" {
					break
				}
			}
			if f.UserID == "" {
				t.Fatal("seed has no active member who owns a group and follows a customer")
			}
			tk := takeoverFor(t, h.s, f.UserID)
			if err := c.state(d, f.UserID); err != nil {
				t.Fatal(err)
			}
			listed := false
			r := h.api("externalcontact/get_unassigned_list", nil, map[string]any{"page_size": 1000})
			for _, it := range r["info"].([]any) {
				m := it.(map[string]any)
				if m["handover_userid"] == f.UserID {
					listed = true
				}
			}
			if listed != c.listedUnassigned {
				t.Errorf("on get_unassigned_list: %v, want %v", listed, c.listedUnassigned)
			}
			body := map[string]any{"handover_userid": f.UserID, "takeover_userid": tk.UserID, "external_userid": []string{f.ExternalUserID}}
			code := func(path string) int {
				r := h.api(path, nil, body)
				if e := errcode(r); e != 0 {
					return e
				}
				return num(r["customer"].([]any)[0].(map[string]any)["errcode"])
			}
			if got := code("externalcontact/transfer_customer"); got != c.onjob {
				t.Errorf("在职继承: errcode %d, want %d", got, c.onjob)
			}
			if got := code("externalcontact/resigned/transfer_customer"); got != c.resigned {
				t.Errorf("离职继承: errcode %d, want %d", got, c.resigned)
			}
			r = h.api("externalcontact/groupchat/onjob_transfer", nil, map[string]any{"chat_id_list": []string{chat.ChatID}, "new_owner": tk.UserID})
			expect(t, r, 0)
			got := 0
			if l := r["failed_chat_list"].([]any); len(l) > 0 {
				got = num(l[0].(map[string]any)["errcode"])
			}
			if got != c.groupOnJob {
				t.Errorf("group onjob_transfer: errcode %d, want %d", got, c.groupOnJob)
			}
		})
	}
}

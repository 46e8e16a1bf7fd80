package wecomsim

import (
	"testing"
)

func TestSimEventEndpoints(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(u User) bool { return u.CustomerContact && u.Status == StatusActive })
	var changes []Change
	h.s.Directory().OnChange(func(c Change) { changes = append(changes, c) })

	_, r := h.do("POST", "/sim/external_contact/add", nil, map[string]any{"userid": u.UserID, "state": "qr_demo"})
	expect(t, r, 0)
	ext, code := r["external_userid"].(string), r["welcome_code"].(string)
	expect(t, h.api("externalcontact/send_welcome_msg", nil, map[string]any{"welcome_code": code, "text": map[string]any{"content": "您好"}}), 0)
	r = h.api("externalcontact/get", q("external_userid", ext), nil)
	expect(t, r, 0)

	_, r = h.do("POST", "/sim/external_contact/delete", nil, map[string]any{"userid": u.UserID, "external_userid": ext, "by": "employee"})
	expect(t, r, 0)
	expect(t, h.api("externalcontact/get", q("external_userid", ext), nil), 84061)
	_, r = h.do("POST", "/sim/external_contact/delete", nil, map[string]any{"userid": u.UserID, "external_userid": ext, "by": "customer"})
	expect(t, r, 84061)

	_, r = h.do("POST", "/sim/user/status", nil, map[string]any{"userid": u.UserID, "status": 5})
	expect(t, r, 0)
	_, r = h.do("POST", "/sim/user/status", nil, map[string]any{"userid": u.UserID, "status": 3})
	expect(t, r, 40058)
	if got, _ := h.s.Directory().User(u.UserID); got.Status != StatusExited || got.DimissionTime == 0 {
		t.Errorf("status %+v", got)
	}
	want := []string{"add_external_contact", "del_external_contact", "update_user"}
	if len(changes) != len(want) {
		t.Fatalf("changes %+v", changes)
	}
	for i, c := range changes {
		if c.ChangeType != want[i] || c.Origin != OriginSim {
			t.Errorf("change %d: %+v", i, c)
		}
	}
	_, r = h.do("GET", "/sim/directory/hash", nil, nil)
	if len(r["hash"].(string)) != 64 {
		t.Errorf("hash %v", r)
	}
}

func TestGroupChatChanges(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	d := h.s.Directory()
	u := pickUser(t, h.s, func(u User) bool { return u.CustomerContact && u.Status == StatusActive })
	var kinds []string
	d.OnChange(func(c Change) { kinds = append(kinds, c.ChangeType+"/"+c.UpdateDetail) })
	c, err := d.CreateGroupChat(GroupChat{Name: "测试客户群", Owner: u.UserID})
	if err != nil {
		t.Fatal(err)
	}
	ext := d.ExternalContacts()[0]
	if err := d.AddChatMembers(c.ChatID, GroupMember{UserID: ext.ExternalUserID, Type: 2, JoinScene: 3}); err != nil {
		t.Fatal(err)
	}
	r := h.api("externalcontact/groupchat/get", nil, map[string]any{"chat_id": c.ChatID})
	expect(t, r, 0)
	if n := len(r["group_chat"].(map[string]any)["member_list"].([]any)); n != 2 {
		t.Errorf("members %d", n)
	}
	if err := d.RemoveChatMembers(c.ChatID, ext.ExternalUserID); err != nil {
		t.Fatal(err)
	}
	if err := d.DismissGroupChat(c.ChatID); err != nil {
		t.Fatal(err)
	}
	expect(t, h.api("externalcontact/groupchat/get", nil, map[string]any{"chat_id": c.ChatID}), 40050)
	if Code(d.DismissGroupChat(c.ChatID)) != 40050 {
		t.Error("dismissing twice")
	}
	want := []string{"create/", "update/add_member", "update/del_member", "dismiss/"}
	if len(kinds) != len(want) {
		t.Fatalf("changes %v", kinds)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("change %d = %s, want %s", i, kinds[i], want[i])
		}
	}
}

func TestInjected42001KillsToken(t *testing.T) {
	t.Parallel()
	spec, _ := ParseFaults("42001=1")
	h := newHarness(t, Options{Faults: spec})
	tok := h.gettoken() // gettoken never draws 42001
	_, r := h.do("GET", "/cgi-bin/department/list", q("access_token", tok), nil)
	expect(t, r, 42001)
	if err := h.s.CheckToken(tok); Code(err) != 42001 {
		t.Fatalf("token still valid after injected 42001: %v", err)
	}
	if fresh := h.gettoken(); fresh == tok {
		t.Fatal("gettoken returned the dead token")
	}
}

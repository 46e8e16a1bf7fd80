package wecomsim

import (
	"testing"
	"time"
)

func TestTFA(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(u User) bool { return u.Status == StatusNotActive })
	code, err := h.s.IssueTFACode(u.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.s.IssueTFACode("nobody"); Code(err) != 60111 {
		t.Fatalf("unknown user: %v", err)
	}
	r := h.api("auth/get_tfa_info", nil, map[string]any{"code": code})
	expect(t, r, 0)
	if r["userid"] != u.UserID {
		t.Fatalf("userid %v", r)
	}
	tfa := r["tfa_code"].(string)
	expect(t, h.api("auth/get_tfa_info", nil, map[string]any{"code": code}), 40029) // single use
	expect(t, h.api("user/tfa_succ", nil, map[string]any{"userid": u.UserID, "tfa_code": "wrong"}), 40207)
	expect(t, h.api("user/tfa_succ", nil, map[string]any{"userid": "nobody", "tfa_code": tfa}), 60111)
	expect(t, h.api("user/tfa_succ", nil, map[string]any{"userid": u.UserID, "tfa_code": tfa}), 0)
	expect(t, h.api("user/tfa_succ", nil, map[string]any{"userid": u.UserID, "tfa_code": tfa}), 40207) // single use

	// Expiry: the page code after 5 minutes, the tfa_code after 5 minutes.
	code, _ = h.s.IssueTFACode(u.UserID)
	h.clock.Advance(5*time.Minute + time.Second)
	h.token = ""
	expect(t, h.api("auth/get_tfa_info", nil, map[string]any{"code": code}), 40029)
	code, _ = h.s.IssueTFACode(u.UserID)
	r = h.api("auth/get_tfa_info", nil, map[string]any{"code": code})
	h.clock.Advance(5*time.Minute + time.Second)
	h.token = ""
	expect(t, h.api("user/tfa_succ", nil, map[string]any{"userid": u.UserID, "tfa_code": r["tfa_code"]}), 40207)

	expect(t, h.api("user/authsucc", q("userid", u.UserID), nil), 0)
	if got, _ := h.s.Directory().User(u.UserID); got.Status != StatusActive {
		t.Errorf("authsucc left status %d", got.Status)
	}
	expect(t, h.api("user/authsucc", q("userid", "nobody"), nil), 60111)
}

func TestSimTFAEndpoint(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(User) bool { return true })
	_, r := h.do("POST", "/sim/tfa_code", nil, map[string]any{"userid": u.UserID})
	expect(t, r, 0)
	expect(t, h.api("auth/get_tfa_info", nil, map[string]any{"code": r["code"]}), 0)
}

func TestWelcome(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	msg := func(code string) map[string]any {
		return map[string]any{"welcome_code": code, "text": map[string]any{"content": "您好，我是您的医药代表"}}
	}
	code := h.s.IssueWelcomeCode("a", "wm1")
	expect(t, h.api("externalcontact/send_welcome_msg", nil, map[string]any{"text": map[string]any{"content": "x"}}), 41049)
	expect(t, h.api("externalcontact/send_welcome_msg", nil, msg(code)), 0)
	expect(t, h.api("externalcontact/send_welcome_msg", nil, msg(code)), 41050) // single use
	code = h.s.IssueWelcomeCode("a", "wm1")
	h.clock.Advance(21 * time.Second)
	expect(t, h.api("externalcontact/send_welcome_msg", nil, msg(code)), 41050) // expired
	code = h.s.IssueWelcomeCode("a", "wm1")
	many := make([]map[string]any, 10)
	expect(t, h.api("externalcontact/send_welcome_msg", nil, map[string]any{"welcome_code": code, "attachments": many}), 41064)
}

func TestAddExternalContactHook(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(u User) bool { return u.CustomerContact && u.Status == StatusActive })
	var got []Change
	remove := h.s.Directory().OnChange(func(c Change) { got = append(got, c) })
	c := ExternalContact{ExternalUserID: "wmNEWCONTACT000000000000000001", Name: "新医生", Type: ExternalWeChat, UnionID: "oSimNEW"}
	if code, err := h.s.Directory().AddExternalContact(c, FollowRelation{UserID: u.UserID, State: "qr_test"}); err != nil || code == "" {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ChangeType != "add_external_contact" || got[0].WelcomeCode == "" || got[0].Origin != OriginSim || got[0].State != "qr_test" {
		t.Fatalf("changes %+v", got)
	}
	expect(t, h.api("externalcontact/send_welcome_msg", nil, map[string]any{"welcome_code": got[0].WelcomeCode, "text": map[string]any{"content": "欢迎"}}), 0)
	if err := h.s.Directory().DeleteFollowByCustomer(u.UserID, c.ExternalUserID); err != nil {
		t.Fatal(err)
	}
	expect(t, h.api("externalcontact/get", q("external_userid", c.ExternalUserID), nil), 0)
	if err := h.s.Directory().DeleteFollowByEmployee(u.UserID, c.ExternalUserID); err != nil {
		t.Fatal(err)
	}
	expect(t, h.api("externalcontact/get", q("external_userid", c.ExternalUserID), nil), 84061)
	if got[1].ChangeType != "del_follow_user" || got[2].ChangeType != "del_external_contact" {
		t.Fatalf("changes %+v", got)
	}
	remove()
	expect(t, h.api("user/delete", q("userid", u.UserID), nil), 0)
	if len(got) != 3 {
		t.Fatalf("removed hook still called: %+v", got)
	}
}

func TestMsgAudit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	r := h.api("msgaudit/get_permit_user_list", nil, map[string]any{})
	expect(t, r, 0)
	all := len(r["ids"].([]any))
	r = h.api("msgaudit/get_permit_user_list", nil, map[string]any{"type": 3})
	if n := len(r["ids"].([]any)); n == 0 || n >= all {
		t.Errorf("permit type 3: %d of %d", n, all)
	}
	f := pickFollow(t, h.s, FollowActive)
	r = h.api("msgaudit/check_single_agree", nil, map[string]any{"info": []map[string]any{{"userid": f.UserID, "exteranalopenid": f.ExternalUserID}}})
	expect(t, r, 0)
	ai := r["agreeinfo"].([]any)[0].(map[string]any)
	if ai["agree_status"] != f.AgreeStatus || ai["exteranalopenid"] != f.ExternalUserID {
		t.Errorf("agreeinfo %v", ai)
	}
	var chat GroupChat
	for _, c := range h.s.Directory().GroupChats() {
		if !c.Internal {
			chat = c
			break
		}
	}
	r = h.api("msgaudit/check_room_agree", nil, map[string]any{"roomid": chat.ChatID})
	expect(t, r, 0)
	if len(r["agreeinfo"].([]any)) == 0 {
		t.Error("room agree empty")
	}
	expect(t, h.api("msgaudit/check_room_agree", nil, map[string]any{"roomid": "wrnone"}), 40050)
	rb := h.s.Directory().Robots()[0]
	r = h.api("msgaudit/get_robot_info", q("robot_id", rb.RobotID), nil)
	expect(t, r, 0)
	if r["data"].(map[string]any)["name"] != rb.Name {
		t.Errorf("robot %v", r)
	}
	expect(t, h.api("msgaudit/get_robot_info", q("robot_id", "wbnone"), nil), 40058)
}

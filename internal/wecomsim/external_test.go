package wecomsim

import (
	"testing"
)

// pickFollow returns the first relation in the given state whose member is
// still in the directory.
func pickFollow(t *testing.T, s *Server, status string) FollowRelation {
	t.Helper()
	for _, f := range s.Directory().Follows() {
		if u, ok := s.Directory().User(f.UserID); ok && f.Status == status && u.Status == StatusActive {
			return f
		}
	}
	t.Fatalf("no follow in state %s", status)
	return FollowRelation{}
}

func TestExternalContactReads(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	act := pickFollow(t, h.s, FollowActive)
	byCust := pickFollow(t, h.s, FollowDeletedByCustomer)
	byEmp := pickFollow(t, h.s, FollowDeletedByEmployee)

	r := h.api("externalcontact/get_follow_user_list", nil, nil)
	expect(t, r, 0)
	if len(r["follow_user"].([]any)) < 50 {
		t.Errorf("follow users: %v", len(r["follow_user"].([]any)))
	}
	r = h.api("externalcontact/list", q("userid", act.UserID), nil)
	expect(t, r, 0)
	ids := map[string]bool{}
	for _, id := range r["external_userid"].([]any) {
		ids[id.(string)] = true
	}
	if !ids[act.ExternalUserID] {
		t.Errorf("active relation not listed")
	}
	// Deleted by the customer: one-way, still listed and readable.
	r = h.api("externalcontact/list", q("userid", byCust.UserID), nil)
	found := false
	for _, id := range r["external_userid"].([]any) {
		found = found || id == byCust.ExternalUserID
	}
	if !found {
		t.Errorf("deleted-by-customer relation should still be listed")
	}
	// Deleted by the employee: gone.
	r = h.api("externalcontact/list", q("userid", byEmp.UserID), nil)
	for _, id := range r["external_userid"].([]any) {
		if id == byEmp.ExternalUserID {
			t.Errorf("deleted-by-employee relation listed")
		}
	}
	expect(t, h.api("externalcontact/remark", nil, map[string]any{"userid": byEmp.UserID, "external_userid": byEmp.ExternalUserID, "remark": "x"}), 84061)
	expect(t, h.api("externalcontact/remark", nil, map[string]any{"userid": byCust.UserID, "external_userid": byCust.ExternalUserID, "remark": "仍可备注"}), 0)

	r = h.api("externalcontact/get", q("external_userid", act.ExternalUserID), nil)
	expect(t, r, 0)
	ec := r["external_contact"].(map[string]any)
	switch ec["type"].(interface{ String() string }).String() {
	case "1":
		if ec["unionid"] == nil || ec["corp_name"] != nil {
			t.Errorf("WeChat contact shape: %v", ec)
		}
	case "2":
		if ec["unionid"] != nil || ec["corp_name"] == nil {
			t.Errorf("WeCom contact shape: %v", ec)
		}
	}
	if len(r["follow_user"].([]any)) == 0 {
		t.Errorf("no follow_user")
	}
	expect(t, h.api("externalcontact/get", q("external_userid", "wmnobody"), nil), 40096)
	expect(t, h.api("externalcontact/list", q("userid", "nobody"), nil), 60111)
}

func TestBatchGetByUser(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	act := pickFollow(t, h.s, FollowActive)
	want := 0
	for _, f := range h.s.Directory().Follows() {
		if f.UserID == act.UserID && f.Visible() {
			want++
		}
	}
	got, cursor := 0, ""
	for range 100 {
		r := h.api("externalcontact/batch/get_by_user", nil, map[string]any{"userid_list": []string{act.UserID}, "cursor": cursor, "limit": 7})
		expect(t, r, 0)
		for _, it := range r["external_contact_list"].([]any) {
			m := it.(map[string]any)
			if m["follow_info"].(map[string]any)["userid"] != act.UserID {
				t.Fatalf("wrong follow_info %v", m)
			}
			got++
		}
		if cursor = r["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if got != want {
		t.Errorf("batch got %d, want %d", got, want)
	}
	cases := []struct {
		name string
		body map[string]any
		want int
	}{
		{"limit over 100", map[string]any{"userid_list": []string{act.UserID}, "limit": 101}, 40058},
		{"no users", map[string]any{"userid_list": []string{}}, 41009},
		{"unknown user", map[string]any{"userid_list": []string{"nobody"}}, 60111},
		{"bad cursor", map[string]any{"userid_list": []string{act.UserID}, "cursor": "zz"}, 50100},
	}
	for _, c := range cases {
		if r := h.api("externalcontact/batch/get_by_user", nil, c.body); errcode(r) != c.want {
			t.Errorf("%s: %v", c.name, r)
		}
	}
}

func TestGroupChats(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	var ids []string
	cursor := ""
	for range 100 {
		r := h.api("externalcontact/groupchat/list", nil, map[string]any{"cursor": cursor, "limit": 13})
		expect(t, r, 0)
		for _, it := range r["group_chat_list"].([]any) {
			ids = append(ids, it.(map[string]any)["chat_id"].(string))
		}
		if cursor = r["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if len(ids) != 60 {
		t.Errorf("customer groups %d, want 60", len(ids))
	}
	r := h.api("externalcontact/groupchat/get", nil, map[string]any{"chat_id": ids[0], "need_name": 1})
	expect(t, r, 0)
	gc := r["group_chat"].(map[string]any)
	if gc["owner"] == "" || len(gc["member_list"].([]any)) < 2 {
		t.Errorf("group %v", gc)
	}
	expect(t, h.api("externalcontact/groupchat/list", nil, map[string]any{"limit": 0}), 40058)
	expect(t, h.api("externalcontact/groupchat/get", nil, map[string]any{"chat_id": "wrnone"}), 40050)
	var internal string
	for _, c := range h.s.Directory().GroupChats() {
		if c.Internal {
			internal = c.ChatID
		}
	}
	expect(t, h.api("externalcontact/groupchat/get", nil, map[string]any{"chat_id": internal}), 90501)
	r = h.api("msgaudit/groupchat/get", nil, map[string]any{"roomid": internal})
	expect(t, r, 0)
	if r["roomname"] == "" || len(r["members"].([]any)) == 0 {
		t.Errorf("internal room %v", r)
	}
	expect(t, h.api("msgaudit/groupchat/get", nil, map[string]any{"roomid": ids[0]}), 40050)
	// status filter: resigned-owner groups only.
	r = h.api("externalcontact/groupchat/list", nil, map[string]any{"status_filter": 1, "limit": 1000})
	for _, it := range r["group_chat_list"].([]any) {
		if it.(map[string]any)["status"].(interface{ String() string }).String() != "1" {
			t.Errorf("status filter leaked %v", it)
		}
	}
}

package retention

import (
	"testing"

	"wecomadmin/internal/store"
)

func TestRuleFor(t *testing.T) {
	t.Parallel()
	rules := []store.RetentionRule{
		{ID: 1, Days: 365},
		{ID: 2, Department: "总部/销售部", Days: 200},
		{ID: 3, Department: "总部/销售部/华东", Days: 190},
		{ID: 4, MsgType: "image", Days: 1000},
		{ID: 5, MsgType: "image", Department: "总部/销售部", Days: 500},
	}
	depts := map[string]string{"e0": "总部/医学部", "e1": "总部/销售部/华东/上海", "e2": "总部/销售部二"}
	cases := []struct {
		name string
		m    store.Message
		want int64
	}{
		{"corp-wide", store.Message{From: "e0", MsgType: "text"}, 1},
		{"deepest department", store.Message{From: "e1", MsgType: "text"}, 3},
		{"prefix is not a parent", store.Message{From: "e2", MsgType: "text"}, 1},
		{"department from recipient", store.Message{From: "wmx", ToList: `["e1"]`, MsgType: "text"}, 3},
		{"msgtype", store.Message{From: "e0", MsgType: "image"}, 4},
		{"msgtype and department", store.Message{From: "e1", MsgType: "image"}, 5},
		{"no employee", store.Message{From: "wmx", ToList: `["wmy"]`, MsgType: "text"}, 1},
	}
	for _, c := range cases {
		r, ok := ruleFor(rules, c.m, deptOf(depts, c.m))
		if !ok || r.ID != c.want {
			t.Errorf("%s: rule %d, want %d", c.name, r.ID, c.want)
		}
	}
	if _, ok := ruleFor([]store.RetentionRule{{MsgType: "image", Days: 200}}, store.Message{MsgType: "text"}, ""); ok {
		t.Error("a text message matched an image-only rule")
	}
}

func TestCovers(t *testing.T) {
	t.Parallel()
	h := store.LegalHold{Employees: []string{"e1"}, Contacts: []string{"wmhcp"}, Rooms: []string{"r1"}, FromTime: 100, ToTime: 200}
	cases := []struct {
		name string
		m    store.Message
		want bool
	}{
		{"employee sends", store.Message{From: "e1", ToList: `["wmx"]`, MsgTime: 150}, true},
		{"employee receives", store.Message{From: "wmx", ToList: `["e1"]`, MsgTime: 150}, true},
		{"contact receives", store.Message{From: "e0", ToList: `["wmhcp"]`, MsgTime: 150}, true},
		{"room", store.Message{From: "e0", ToList: `["wmx"]`, RoomID: "r1", MsgTime: 150}, true},
		{"someone else", store.Message{From: "e0", ToList: `["wmx"]`, MsgTime: 150}, false},
		{"before the range", store.Message{From: "e1", MsgTime: 99}, false},
		{"after the range", store.Message{From: "e1", MsgTime: 201}, false},
		{"id prefix is not the id", store.Message{From: "e10", ToList: `["e11"]`, MsgTime: 150}, false},
	}
	for _, c := range cases {
		if got := covers(h, c.m); got != c.want {
			t.Errorf("%s: covers %v, want %v", c.name, got, c.want)
		}
	}
	if !covers(store.LegalHold{}, store.Message{From: "anyone", MsgTime: 5}) {
		t.Error("a hold without custodians or range must cover the whole corp")
	}
}

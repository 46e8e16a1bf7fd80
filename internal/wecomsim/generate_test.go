package wecomsim

import (
	"testing"
	"time"
)

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	clk := func() time.Time { return time.Unix(0, 0) }
	a := New(Options{Seed: 42, Clock: clk}).Directory().Hash()
	b := New(Options{Seed: 42, Clock: clk}).Directory().Hash()
	c := New(Options{Seed: 43, Clock: clk}).Directory().Hash()
	if a != b {
		t.Fatalf("same seed, different hash: %s %s", a, b)
	}
	if a == c {
		t.Fatalf("different seeds, same hash %s", a)
	}
}

func TestGenerateShape(t *testing.T) {
	t.Parallel()
	d := New(Options{Seed: 7}).Directory()
	users := d.Users()
	if n := len(users); n < 180 || n > 220 {
		t.Errorf("users = %d, want ~200", n)
	}
	status := map[int]int{}
	unverified, creators := 0, 0
	for _, u := range users {
		status[u.Status]++
		if u.Status == StatusActive && !u.RealNameVerified {
			unverified++
		}
		if u.Creator {
			creators++
		}
		if _, ok := normMobile(u.Mobile); !ok || !validEmail(u.Email) || !userIDRe.MatchString(u.UserID) {
			t.Errorf("bad user %+v", u)
		}
	}
	for _, st := range []int{StatusActive, StatusDisabled, StatusNotActive, StatusExited} {
		if status[st] == 0 {
			t.Errorf("no user with status %d: %v", st, status)
		}
	}
	if unverified == 0 || creators != 1 {
		t.Errorf("unverified=%d creators=%d", unverified, creators)
	}
	cs := d.ExternalContacts()
	if len(cs) != 2000 {
		t.Errorf("contacts = %d", len(cs))
	}
	types := map[int]int{}
	for _, c := range cs {
		types[c.Type]++
		if (c.Type == ExternalWeChat) != (c.UnionID != "") || (c.Type == ExternalWeCom) != (c.CorpName != "") {
			t.Errorf("contact breaks the unionid/corp_name rule: %+v", c)
		}
	}
	if types[1] == 0 || types[2] == 0 {
		t.Errorf("types %v", types)
	}
	states := map[string]int{}
	for _, f := range d.Follows() {
		states[f.Status]++
	}
	if states[FollowActive] == 0 || states[FollowDeletedByCustomer] == 0 || states[FollowDeletedByEmployee] == 0 {
		t.Errorf("follow states %v", states)
	}
	internal := 0
	for _, c := range d.GroupChats() {
		if c.Internal {
			internal++
		}
	}
	if internal == 0 || len(d.GroupChats()) == internal {
		t.Errorf("chats %d internal %d", len(d.GroupChats()), internal)
	}
	if len(d.Departments()) < 20 {
		t.Errorf("departments %d", len(d.Departments()))
	}
}

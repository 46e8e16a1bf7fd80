package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

func TestIteratorsFollowCursors(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	pages := map[string]string{
		"":   `{"errcode":0,"errmsg":"ok","next_cursor":"c1","dept_user":[{"userid":"a","department":1},{"userid":"b","department":2}]}`,
		"c1": `{"errcode":0,"errmsg":"ok","next_cursor":"c2","dept_user":[{"userid":"c","department":1}]}`,
		"c2": `{"errcode":0,"errmsg":"ok","next_cursor":"","dept_user":[{"userid":"d","department":3}]}`,
	}
	f.handle("user/list_id", func(w http.ResponseWriter, r *http.Request, n int) string {
		var req struct{ Cursor string }
		_ = json.Unmarshal(f.body("user/list_id"), &req)
		return pages[req.Cursor]
	})
	c := testClient(t, f, nil)
	var got []string
	for du, err := range c.AllUserIDs(context.Background(), 2) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, du.UserID)
	}
	if len(got) != 4 || got[3] != "d" {
		t.Fatalf("got %v", got)
	}
}

func TestIteratorStopsOnErrorAndBreak(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handle("externalcontact/groupchat/list", func(w http.ResponseWriter, r *http.Request, n int) string {
		if n == 1 {
			return `{"errcode":0,"errmsg":"ok","group_chat_list":[{"chat_id":"wr1","status":0},{"chat_id":"wr2","status":0}],"next_cursor":"c1"}`
		}
		return `{"errcode":48002,"errmsg":"api forbidden"}`
	})
	c := testClient(t, f, nil)
	var ids []string
	var last error
	for g, err := range c.GroupChats(context.Background(), GroupChatFilter{}) {
		if err != nil {
			last = err
			break
		}
		ids = append(ids, g.ChatID)
	}
	if len(ids) != 2 || !errors.Is(last, ErrNotAuthorized) {
		t.Fatalf("ids=%v err=%v", ids, last)
	}
	// Breaking early fetches no further page.
	before := f.count("externalcontact/groupchat/list")
	for range c.GroupChats(context.Background(), GroupChatFilter{}) {
		break
	}
	if f.count("externalcontact/groupchat/list") != before+1 {
		t.Fatal("iterator fetched past a break")
	}
}

func TestUnassignedStopsOnIsLast(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handle("externalcontact/get_unassigned_list", answer(
		`{"errcode":0,"errmsg":"ok","info":[{"handover_userid":"zhangsan","external_userid":"woAJ2GCAAAd4uL12hdfsdasassdDmAAAAA","dimission_time":1550838571}],"is_last":true,"next_cursor":"ignored"}`))
	c := testClient(t, f, nil)
	n := 0
	for u, err := range c.UnassignedCustomers(context.Background(), 1000) {
		if err != nil || u.DimissionTime != 1550838571 {
			t.Fatalf("u=%+v err=%v", u, err)
		}
		n++
	}
	if n != 1 || f.count("externalcontact/get_unassigned_list") != 1 {
		t.Fatalf("n=%d calls=%d", n, f.count("externalcontact/get_unassigned_list"))
	}
}

// TestPaginateRepeatedCursorIsAnError: a next_cursor seen before (the same
// one again, or a cycle) ends the walk with ErrBadResponse instead of
// yielding a page twice.
func TestPaginateRepeatedCursorIsAnError(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"same":  {"": "c1", "c1": "c1"},
		"cycle": {"": "c1", "c1": "c2", "c2": "c1"},
	}
	for name, next := range cases {
		var got []string
		var last error
		for it, err := range paginate(func(cursor string) ([]string, string, error) {
			return []string{"page@" + cursor}, next[cursor], nil
		}) {
			if err != nil {
				last = err
				break
			}
			got = append(got, it)
		}
		if !errors.Is(last, ErrBadResponse) {
			t.Errorf("%s: err %v, want ErrBadResponse", name, last)
		}
		seen := map[string]bool{}
		for _, g := range got {
			if seen[g] {
				t.Errorf("%s: page %s yielded twice: %v", name, g, got)
			}
			seen[g] = true
		}
	}
}

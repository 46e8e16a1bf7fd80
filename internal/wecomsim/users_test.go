package wecomsim

import (
	"fmt"
	"strings"
	"testing"
)

// pickUser returns the first user matching ok.
func pickUser(t *testing.T, s *Server, ok func(User) bool) User {
	t.Helper()
	for _, u := range s.Directory().Users() {
		if ok(u) {
			return u
		}
	}
	t.Fatal("no user matches")
	return User{}
}

func TestUserCreate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	other := pickUser(t, h.s, func(u User) bool { return !u.Creator })
	base := func(m map[string]any) map[string]any {
		b := map[string]any{"userid": "new.user", "name": "新员工", "mobile": "+86 13900000001", "email": "new.user@simpharma.cn", "department": []int{3}}
		for k, v := range m {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	cases := []struct {
		name string
		body map[string]any
		want int
	}{
		{"bad name", base(map[string]any{"name": ""}), 60112},
		{"bad mobile", base(map[string]any{"mobile": "12345"}), 60103},
		{"bad email", base(map[string]any{"email": "not-an-email"}), 60105},
		{"no mobile no email", base(map[string]any{"mobile": nil, "email": nil}), 60129},
		{"userid exists", base(map[string]any{"userid": strings.ToUpper(other.UserID)}), 60102},
		{"mobile exists", base(map[string]any{"mobile": other.Mobile}), 60104},
		{"mobile exists other form", base(map[string]any{"mobile": "+86" + other.Mobile}), 60104},
		{"email exists", base(map[string]any{"email": other.Email}), 60106},
		{"no department", base(map[string]any{"department": nil}), 60127},
		{"unknown department", base(map[string]any{"department": []int{9999}}), 60123},
		{"bad userid", base(map[string]any{"userid": "-bad"}), 40003},
		{"ok", base(nil), 0},
		{"again", base(nil), 60102},
	}
	for _, c := range cases {
		r := h.api("user/create", nil, c.body)
		if errcode(r) != c.want {
			t.Errorf("%s: errcode %d want %d (%v)", c.name, errcode(r), c.want, r)
		}
	}
	r := h.api("user/get", q("userid", "new.user"), nil)
	expect(t, r, 0)
	if r["name"] != "新员工" || fmt.Sprint(r["status"]) != "4" {
		t.Fatalf("user/get %v", r)
	}
	if _, ok := r["mobile"]; ok {
		t.Fatalf("user/get with the default secret (a post-2022 app) returned a mobile: %v", r)
	}
	if u, ok := h.s.Directory().User("new.user"); !ok || u.Mobile != "+86 13900000001" || u.Email != "new.user@simpharma.cn" {
		t.Fatalf("created member %+v", u)
	}
}

func TestUserUpdateGetDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(u User) bool { return u.Status == StatusNotActive })
	other := pickUser(t, h.s, func(x User) bool { return x.UserID != u.UserID && !x.Creator })
	active := pickUser(t, h.s, func(x User) bool {
		return x.Status == StatusActive && !x.Creator && x.UserID != other.UserID && x.UserID != u.UserID
	})
	creator := pickUser(t, h.s, func(x User) bool { return x.Creator })
	cases := []struct {
		name string
		path string
		body map[string]any
		qs   []string
		want int
	}{
		{"update unknown", "user/update", map[string]any{"userid": "nobody", "name": "x"}, nil, 60111},
		{"update no userid", "user/update", map[string]any{"name": "x"}, nil, 41009},
		{"update dup mobile", "user/update", map[string]any{"userid": u.UserID, "mobile": other.Mobile}, nil, 60104},
		{"update dup email", "user/update", map[string]any{"userid": u.UserID, "email": other.Email}, nil, 60106},
		{"update bad email", "user/update", map[string]any{"userid": u.UserID, "email": "x@"}, nil, 60105},
		{"update ok", "user/update", map[string]any{"userid": u.UserID, "position": "高级医药代表", "mobile": "13911112222"}, nil, 0},
		{"disable", "user/update", map[string]any{"userid": active.UserID, "enable": 0}, nil, 0},
		{"get unknown", "user/get", nil, []string{"userid", "nobody"}, 60111},
		{"get missing", "user/get", nil, nil, 41009},
		{"delete creator", "user/delete", nil, []string{"userid", creator.UserID}, 301005},
		{"delete unknown", "user/delete", nil, []string{"userid", "nobody"}, 60111},
		{"delete ok", "user/delete", nil, []string{"userid", other.UserID}, 0},
		{"get deleted", "user/get", nil, []string{"userid", other.UserID}, 60111},
	}
	for _, c := range cases {
		r := h.api(c.path, q(c.qs...), anyBody(c.body))
		if errcode(r) != c.want {
			t.Errorf("%s: errcode %d want %d (%v)", c.name, errcode(r), c.want, r)
		}
	}
	got, _ := h.s.Directory().User(u.UserID)
	if got.Position != "高级医药代表" || got.Mobile != "13911112222" {
		t.Errorf("update not applied: %+v", got)
	}
	if d, _ := h.s.Directory().User(active.UserID); d.Status != StatusDisabled {
		t.Errorf("enable=0 gave status %d", d.Status)
	}
	// An activated member's mobile is theirs: Tencent ignores a new one.
	expect(t, h.api("user/update", nil, map[string]any{"userid": active.UserID, "mobile": "13922223333"}), 0)
	if d, _ := h.s.Directory().User(active.UserID); d.Mobile != active.Mobile {
		t.Errorf("activated member's mobile changed to %s", d.Mobile)
	}
}

// anyBody keeps a nil map as a nil interface (GET).
func anyBody(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

func TestUserBatchDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	var ids []string
	for _, u := range h.s.Directory().Users() {
		if !u.Creator && len(ids) < 3 {
			ids = append(ids, u.UserID)
		}
	}
	long := make([]string, 201)
	for i := range long {
		long[i] = fmt.Sprintf("u%d", i)
	}
	cases := []struct {
		name string
		ids  []string
		want int
	}{
		{"empty", []string{}, 40031},
		{"too long", long, 40032},
		{"one unknown fails all", append([]string{"nobody"}, ids...), 40031},
		{"ok", ids, 0},
	}
	for _, c := range cases {
		if r := h.api("user/batchdelete", nil, map[string]any{"useridlist": c.ids}); errcode(r) != c.want {
			t.Errorf("%s: %v", c.name, r)
		}
	}
	for _, id := range ids {
		if _, ok := h.s.Directory().User(id); ok {
			t.Errorf("%s still there", id)
		}
	}
}

func TestUserLookups(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(u User) bool { return true })
	cases := []struct {
		name, path string
		body       map[string]any
		want       int
		wantID     string
	}{
		{"mobile", "user/getuserid", map[string]any{"mobile": u.Mobile}, 0, u.UserID},
		{"mobile with +86", "user/getuserid", map[string]any{"mobile": "+86 " + u.Mobile}, 0, u.UserID},
		{"mobile unknown", "user/getuserid", map[string]any{"mobile": "13000000000"}, 46004, ""},
		{"mobile bad", "user/getuserid", map[string]any{"mobile": "abc"}, 60103, ""},
		{"email", "user/get_userid_by_email", map[string]any{"email": strings.ToUpper(u.Email), "email_type": 1}, 0, u.UserID},
		{"email unknown", "user/get_userid_by_email", map[string]any{"email": "none@simpharma.cn"}, 46004, ""},
		{"email bad", "user/get_userid_by_email", map[string]any{"email": "bad"}, 60105, ""},
		{"openid", "user/convert_to_openid", map[string]any{"userid": u.UserID}, 0, ""},
		{"openid unknown", "user/convert_to_openid", map[string]any{"userid": "nobody"}, 60111, ""},
	}
	for _, c := range cases {
		r := h.api(c.path, nil, c.body)
		if errcode(r) != c.want || c.wantID != "" && r["userid"] != c.wantID {
			t.Errorf("%s: %v", c.name, r)
		}
	}
}

func TestUserLists(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	all := len(h.s.Directory().Users())
	r := h.api("user/simplelist", q("department_id", "1", "fetch_child", "1"), nil)
	expect(t, r, 0)
	if n := len(r["userlist"].([]any)); n != all {
		t.Errorf("simplelist fetch_child: %d users, want %d", n, all)
	}
	r = h.api("user/list", q("department_id", "21"), nil)
	expect(t, r, 0)
	if n := len(r["userlist"].([]any)); n == 0 || n > 10 {
		t.Errorf("list dept 21: %d", n)
	}
	expect(t, h.api("user/list", q("department_id", "999"), nil), 60003)
	// list_id pages until next_cursor is empty and sees every user once.
	seen, cursor := map[string]bool{}, ""
	for page := 0; ; page++ {
		r := h.api("user/list_id", nil, map[string]any{"cursor": cursor, "limit": 37})
		expect(t, r, 0)
		for _, row := range r["dept_user"].([]any) {
			seen[row.(map[string]any)["userid"].(string)] = true
		}
		cursor = r["next_cursor"].(string)
		if cursor == "" {
			break
		}
		if page > 100 {
			t.Fatal("list_id does not end")
		}
	}
	if len(seen) != all {
		t.Errorf("list_id saw %d of %d", len(seen), all)
	}
	expect(t, h.api("user/list_id", nil, map[string]any{"limit": 10001}), 40058)
	expect(t, h.api("user/list_id", nil, map[string]any{"cursor": "garbage"}), 50100)
}

func TestDepartments(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	r := h.api("department/list", nil, nil)
	expect(t, r, 0)
	all := len(r["department"].([]any))
	r = h.api("department/list", q("id", "20"), nil)
	if n := len(r["department"].([]any)); n != 6 {
		t.Errorf("BU 20 subtree = %d, want 6", n)
	}
	r = h.api("department/simplelist", q("id", "2"), nil)
	if n := len(r["department_id"].([]any)); n != 4 {
		t.Errorf("simplelist 2 = %d", n)
	}
	r = h.api("department/get", q("id", "3"), nil)
	expect(t, r, 0)
	if r["department"].(map[string]any)["name"] != "肿瘤事业部" {
		t.Errorf("get 3: %v", r)
	}
	expect(t, h.api("department/get", q("id", "999"), nil), 60003)
	expect(t, h.api("department/list", q("id", "999"), nil), 60003)
	if all < 30 {
		t.Errorf("only %d departments", all)
	}
}

func TestMalformedJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	tok := h.gettoken()
	_, r := h.do("POST", "/cgi-bin/user/create", q("access_token", tok), "{not json")
	expect(t, r, 47001)
}

func TestDepartmentWrites(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	cases := []struct {
		name, path string
		body       map[string]any
		qs         []string
		want       int
	}{
		{"create no parent", "department/create", map[string]any{"name": "新区"}, nil, 60004},
		{"create unknown parent", "department/create", map[string]any{"name": "新区", "parentid": 999}, nil, 60004},
		{"create sibling name", "department/create", map[string]any{"name": "华东区", "parentid": 20}, nil, 60008},
		{"create bad name", "department/create", map[string]any{"name": "a*b", "parentid": 20}, nil, 60009},
		{"create ok", "department/create", map[string]any{"name": "东北区", "parentid": 20, "id": 500}, nil, 0},
		{"update loop", "department/update", map[string]any{"id": 20, "parentid": 500}, nil, 60010},
		{"update rename", "department/update", map[string]any{"id": 500, "name": "东北大区"}, nil, 0},
		{"update unknown", "department/update", map[string]any{"id": 999, "name": "x"}, nil, 60003},
		{"delete root", "department/delete", nil, []string{"id", "1"}, 60007},
		{"delete with children", "department/delete", nil, []string{"id", "20"}, 60006},
		{"delete with members", "department/delete", nil, []string{"id", "21"}, 60005},
		{"delete ok", "department/delete", nil, []string{"id", "500"}, 0},
		{"delete again", "department/delete", nil, []string{"id", "500"}, 60003},
	}
	for _, c := range cases {
		if r := h.api(c.path, q(c.qs...), anyBody(c.body)); errcode(r) != c.want {
			t.Errorf("%s: %v", c.name, r)
		}
	}
	r := h.api("department/create", nil, map[string]any{"name": "东北区", "parentid": 20})
	expect(t, r, 0)
	if r["id"] == nil {
		t.Fatalf("create reply %v", r)
	}
}

// TestUserGetShape: user/get lists the same fields as user/list's objects.
func TestUserGetShape(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	u := pickUser(t, h.s, func(u User) bool { return true })
	r := h.api("user/get", q("userid", u.UserID), nil)
	l := h.api("user/list", q("department_id", fmt.Sprint(u.Department[0])), nil)
	var fromList map[string]any
	for _, x := range l["userlist"].([]any) {
		if x.(map[string]any)["userid"] == u.UserID {
			fromList = x.(map[string]any)
		}
	}
	for k := range fromList {
		if _, ok := r[k]; !ok {
			t.Errorf("user/get lacks %s", k)
		}
	}
	if len(r) != len(fromList)+2 {
		t.Errorf("user/get has %d keys, list object %d (+errcode, errmsg)", len(r), len(fromList))
	}
}

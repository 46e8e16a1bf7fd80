package accounts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"wecomadmin/internal/wecom"
)

// fakeWeCom is an in-memory WeCom for the unit tests of this package. It
// enforces the rules the sync depends on: userid and email unique and
// case-insensitive (60102, 60106), mobile unique (60104), unknown userid
// 60111, one-shot TFA codes and five-minute single-use tfa_codes. The
// simulator (internal/app's *_sim_test.go run the sync against it) cannot
// produce what these tests need of it: a write that takes effect and whose
// answer is then lost (lose), a failure of one named call on one named
// member (fail; the fault spec fails calls at a rate), and exact call counts
// per endpoint for the getuserid quota rules.
type fakeWeCom struct {
	mu      sync.Mutex
	users   map[string]*wecom.User // lowercased userid
	mobiles map[string]string      // normalized mobile -> lowercased userid
	emails  map[string]string      // lowercased email -> lowercased userid
	depts   []wecom.Department
	permit  []string
	calls   map[string]int
	log     []string
	fail    func(method, arg string) error // fault before the call takes effect
	lose    func(method, arg string) error // fault after it took effect (lost answer)
	now     func() time.Time
	codes   map[string]*fakeCode // TFA code -> its member
	tfa     map[string]*fakeCode // tfa_code -> its member
	// legacy makes user/get return mobile and email, as to apps created
	// before 2022-06-20; by default it hides them, as WeCom does today.
	legacy bool
}

type fakeCode struct {
	userid  string
	tfaCode string
	expires time.Time
	used    bool
}

func newFake(users ...wecom.User) *fakeWeCom {
	f := &fakeWeCom{users: map[string]*wecom.User{}, mobiles: map[string]string{}, emails: map[string]string{}, calls: map[string]int{}, now: time.Now,
		codes: map[string]*fakeCode{}, tfa: map[string]*fakeCode{},
		depts: []wecom.Department{{ID: 1, Name: "总部"}, {ID: 2, Name: "医学部", ParentID: 1}, {ID: 3, Name: "肿瘤事业部", ParentID: 2}}}
	for _, u := range users {
		if u.Status == 0 {
			u.Status = wecom.UserActive
		}
		f.put(&u)
	}
	return f
}

func normMobile(m string) string {
	if n, err := NormalizeMobile(m); err == nil {
		return n
	}
	return m
}

// put stores a member and indexes its mobile and email; callers hold mu
// (or own f alone).
func (f *fakeWeCom) put(u *wecom.User) {
	k := strings.ToLower(u.UserID)
	f.unindex(k)
	f.users[k] = u
	if u.Mobile != "" {
		f.mobiles[normMobile(u.Mobile)] = k
	}
	if u.Email != "" {
		f.emails[strings.ToLower(u.Email)] = k
	}
}

func (f *fakeWeCom) unindex(k string) {
	if old, ok := f.users[k]; ok {
		delete(f.mobiles, normMobile(old.Mobile))
		delete(f.emails, strings.ToLower(old.Email))
	}
}

func apiErr(code int) error {
	return &wecom.Error{Code: code, Msg: fmt.Sprintf("fake errcode %d", code)}
}

// enter counts the call and runs fault injection; callers hold f.mu.
func (f *fakeWeCom) enter(method, arg string) error {
	f.calls[method]++
	f.log = append(f.log, method+":"+arg)
	if f.fail != nil {
		return f.fail(method, arg)
	}
	return nil
}

func (f *fakeWeCom) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

func (f *fakeWeCom) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

func (f *fakeWeCom) user(uid string) (wecom.User, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[strings.ToLower(uid)]
	if !ok {
		return wecom.User{}, false
	}
	return *u, true
}

func (f *fakeWeCom) GetUser(_ context.Context, uid string) (*wecom.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/get", uid); err != nil {
		return nil, err
	}
	u, ok := f.users[strings.ToLower(uid)]
	if !ok {
		return nil, apiErr(wecom.CodeUserNotFound)
	}
	c := *u
	c.Department = append([]int64(nil), u.Department...)
	if !f.legacy {
		c.Mobile, c.Email = "", ""
	}
	return &c, nil
}

// conflict finds another member holding the mobile or (case-insensitive) email.
func (f *fakeWeCom) conflict(uid, mobile, email string) error {
	k := strings.ToLower(uid)
	if mobile != "" {
		if other, ok := f.mobiles[normMobile(mobile)]; ok && other != k {
			return apiErr(wecom.CodeMobileExists)
		}
	}
	if email != "" {
		if other, ok := f.emails[strings.ToLower(email)]; ok && other != k {
			return apiErr(wecom.CodeEmailExists)
		}
	}
	return nil
}

func (f *fakeWeCom) CreateUser(_ context.Context, w wecom.UserInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/create", w.UserID); err != nil {
		return err
	}
	if _, ok := f.users[strings.ToLower(w.UserID)]; ok {
		return apiErr(wecom.CodeUserIDExists)
	}
	if w.Name == "" {
		return apiErr(60112)
	}
	if len(w.Department) == 0 {
		return apiErr(60127)
	}
	if err := f.conflict(w.UserID, w.Mobile, w.Email); err != nil {
		return err
	}
	u := &wecom.User{UserID: w.UserID, Status: wecom.UserNotActive, Department: w.Department}
	apply(u, w)
	f.put(u)
	return f.lost("user/create", w.UserID)
}

func (f *fakeWeCom) lost(method, arg string) error {
	if f.lose != nil {
		return f.lose(method, arg)
	}
	return nil
}

func apply(u *wecom.User, w wecom.UserInput) {
	for _, p := range []struct {
		dst   *string
		src   string
		field string
	}{{&u.Name, w.Name, "name"}, {&u.Mobile, w.Mobile, "mobile"}, {&u.Email, w.Email, "email"}, {&u.Position, w.Position, "position"}} {
		if p.src != "" || slices.Contains(w.Clear, p.field) {
			*p.dst = p.src
		}
	}
	if w.Department != nil {
		u.Department = append([]int64(nil), w.Department...)
	}
	if w.Enable != nil {
		e := *w.Enable
		u.Enable = &e
		switch {
		case e == 0:
			u.Status = wecom.UserDisabled
		case u.Status == wecom.UserDisabled:
			u.Status = wecom.UserActive
		}
	}
}

func (f *fakeWeCom) UpdateUser(_ context.Context, w wecom.UserInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/update", w.UserID); err != nil {
		return err
	}
	u, ok := f.users[strings.ToLower(w.UserID)]
	if !ok {
		return apiErr(wecom.CodeUserNotFound)
	}
	if err := f.conflict(w.UserID, w.Mobile, w.Email); err != nil {
		return err
	}
	c := *u
	apply(&c, w)
	f.put(&c)
	return f.lost("user/update", w.UserID)
}

func (f *fakeWeCom) DeleteUser(_ context.Context, uid string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/delete", uid); err != nil {
		return err
	}
	if _, ok := f.users[strings.ToLower(uid)]; !ok {
		return apiErr(wecom.CodeUserNotFound)
	}
	f.unindex(strings.ToLower(uid))
	delete(f.users, strings.ToLower(uid))
	return f.lost("user/delete", uid)
}

func (f *fakeWeCom) GetUserIDByMobile(_ context.Context, mobile string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/getuserid", mobile); err != nil {
		return "", err
	}
	if k, ok := f.mobiles[normMobile(mobile)]; ok {
		return f.users[k].UserID, nil
	}
	return "", apiErr(46004)
}

func (f *fakeWeCom) GetUserIDByEmail(_ context.Context, email string, _ wecom.EmailType) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/get_userid_by_email", email); err != nil {
		return "", err
	}
	if k, ok := f.emails[strings.ToLower(email)]; ok {
		return f.users[k].UserID, nil
	}
	return "", apiErr(46004)
}

func (f *fakeWeCom) AllUserIDs(context.Context, int) iter.Seq2[wecom.DeptUser, error] {
	return func(yield func(wecom.DeptUser, error) bool) {
		f.mu.Lock()
		err := f.enter("user/list_id", "")
		var out []wecom.DeptUser
		for _, u := range f.users {
			out = append(out, wecom.DeptUser{UserID: u.UserID})
		}
		f.mu.Unlock()
		if err != nil {
			yield(wecom.DeptUser{}, err)
			return
		}
		for _, du := range out {
			if !yield(du, nil) {
				return
			}
		}
	}
}

func (f *fakeWeCom) ListDepartments(context.Context, int64) ([]wecom.Department, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("department/list", ""); err != nil {
		return nil, err
	}
	return append([]wecom.Department(nil), f.depts...), nil
}

func (f *fakeWeCom) GetPermitUserList(context.Context, int) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("msgaudit/get_permit_user_list", ""); err != nil {
		return nil, err
	}
	return append([]string(nil), f.permit...), nil
}

// issueTFA is what WeCom does when a member triggers verification: it makes a
// one-shot code for the redirect.
func (f *fakeWeCom) issueTFA(uid string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	code := randHex(8)
	f.codes[code] = &fakeCode{userid: uid, expires: f.now().Add(5 * time.Minute)}
	return code
}

func (f *fakeWeCom) GetTFAInfo(_ context.Context, code string) (*wecom.TFAInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("auth/get_tfa_info", code); err != nil {
		return nil, err
	}
	c, ok := f.codes[code]
	if !ok || c.used || f.now().After(c.expires) {
		return nil, apiErr(wecom.CodeInvalidCode)
	}
	c.used = true
	t := &fakeCode{userid: c.userid, tfaCode: randHex(8), expires: f.now().Add(5 * time.Minute)}
	f.tfa[t.tfaCode] = t
	return &wecom.TFAInfo{UserID: c.userid, TFACode: t.tfaCode}, nil
}

func (f *fakeWeCom) TFASucc(_ context.Context, uid, tfaCode string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/tfa_succ", uid); err != nil {
		return err
	}
	t, ok := f.tfa[tfaCode]
	if !ok || t.used || f.now().After(t.expires) || !strings.EqualFold(t.userid, uid) {
		return apiErr(wecom.CodeInvalidTFACode)
	}
	t.used = true
	return nil
}

func (f *fakeWeCom) AuthSucc(_ context.Context, uid string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("user/authsucc", uid); err != nil {
		return err
	}
	u, ok := f.users[strings.ToLower(uid)]
	if !ok {
		return apiErr(wecom.CodeUserNotFound)
	}
	if u.Status == wecom.UserNotActive {
		u.Status = wecom.UserActive
	}
	return nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type fakeCustomers map[string]int

// fakeHandover counts customers and owned group chats.
type fakeHandover struct{ customers, groups map[string]int }

func (h fakeHandover) CustomerCount(_ context.Context, _, uid string) (int, error) {
	return h.customers[uid], nil
}

func (h fakeHandover) OwnedGroupCount(_ context.Context, _, uid string) (int, error) {
	return h.groups[uid], nil
}

func (c fakeCustomers) CustomerCount(_ context.Context, _, uid string) (int, error) {
	return c[uid], nil
}

package wecom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim"
)

// Integration tests: the client against the project's WeCom simulator.

func startSim(t *testing.T, opts wecomsim.Options) (*wecomsim.Server, *httptest.Server) {
	t.Helper()
	sim := wecomsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(sim.Close) // runs first: releases requests held by timeout faults
	return sim, srv
}

func simClient(t *testing.T, sim *wecomsim.Server, srv *httptest.Server, mutate func(*wecom.Options)) *wecom.Client {
	t.Helper()
	secret := sim.Options().Secret
	opts := wecom.Options{
		BaseURL: srv.URL, CorpID: sim.Options().CorpID, CorpKey: "sim",
		Secrets:    map[wecom.SecretKind]string{wecom.Contacts: secret, wecom.App: secret, wecom.Archive: secret, wecom.CustomerContact: secret},
		HTTPClient: srv.Client(), Timeout: 2 * time.Second,
		Retry:          wecom.Retry{InitialDelay: time.Millisecond, Multiplier: 2, MaxDelay: 20 * time.Millisecond, MaxAttempts: 5},
		FrequencyBlock: 5 * time.Millisecond,
	}
	if mutate != nil {
		mutate(&opts)
	}
	c, err := wecom.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// simPost calls a /sim/ helper (things that happen inside WeCom).
func simPost(t *testing.T, srv *httptest.Server, path string, in, out any) {
	t.Helper()
	b, _ := json.Marshal(in)
	resp, err := srv.Client().Post(srv.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func TestSimDirectoryReads(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 7})
	c := simClient(t, sim, srv, nil)
	ctx := context.Background()
	dir := sim.Directory()

	depts, err := c.ListDepartments(ctx, 0)
	if err != nil || len(depts) != len(dir.Departments()) {
		t.Fatalf("department/list: %d (want %d), %v", len(depts), len(dir.Departments()), err)
	}
	refs, err := c.SimpleListDepartments(ctx, 0)
	if err != nil || len(refs) != len(depts) {
		t.Fatalf("department/simplelist: %d, %v", len(refs), err)
	}
	root, err := c.GetDepartment(ctx, 1)
	if err != nil || root.ID != 1 {
		t.Fatalf("department/get: %+v, %v", root, err)
	}

	var active wecomsim.User
	for _, u := range dir.Users() {
		if u.Status == wecomsim.StatusActive && u.Mobile != "" && u.Email != "" {
			active = u
			break
		}
	}
	u, err := c.GetUser(ctx, active.UserID)
	if err != nil || u.Name != active.Name || u.UserID != active.UserID {
		t.Fatalf("user/get: %+v, %v", u, err)
	}
	if _, err := c.GetUser(ctx, "no-such-user"); !errors.Is(err, wecom.ErrUserNotFound) {
		t.Fatalf("user/get unknown: %v", err)
	}
	briefs, err := c.SimpleListUsers(ctx, 1, true)
	if err != nil || len(briefs) == 0 {
		t.Fatalf("user/simplelist: %d, %v", len(briefs), err)
	}
	full, err := c.ListUsers(ctx, 1, true)
	if err != nil || len(full) != len(briefs) {
		t.Fatalf("user/list: %d vs %d, %v", len(full), len(briefs), err)
	}
	seen := map[string]bool{}
	for du, err := range c.AllUserIDs(ctx, 37) { // small pages: many cursors
		if err != nil {
			t.Fatalf("user/list_id: %v", err)
		}
		seen[du.UserID] = true
	}
	if len(seen) < len(briefs) {
		t.Fatalf("user/list_id saw %d users, simplelist %d", len(seen), len(briefs))
	}
	if id, err := c.GetUserIDByMobile(ctx, active.Mobile); err != nil || id != active.UserID {
		t.Fatalf("user/getuserid: %q, %v", id, err)
	}
	if id, err := c.GetUserIDByEmail(ctx, active.Email, wecom.CorpEmail); err != nil || id != active.UserID {
		t.Fatalf("user/get_userid_by_email: %q, %v", id, err)
	}
	if openid, err := c.ConvertToOpenID(ctx, active.UserID); err != nil || openid == "" {
		t.Fatalf("user/convert_to_openid: %q, %v", openid, err)
	}
}

func TestSimUserLifecycle(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 8})
	c := simClient(t, sim, srv, nil)
	ctx := context.Background()
	in := wecom.UserInput{UserID: "client-test-1", Name: "测试一", Mobile: "+86 13912340001", Email: "client-test-1@example.com", Department: []int64{1}}
	if err := c.CreateUser(ctx, in); err != nil {
		t.Fatalf("user/create: %v", err)
	}
	dup := []struct {
		name string
		in   wecom.UserInput
		want error
	}{
		{"userid", wecom.UserInput{UserID: "client-test-1", Name: "x", Mobile: "+86 13912340009", Department: []int64{1}}, wecom.ErrUseridExists},
		{"mobile", wecom.UserInput{UserID: "client-test-2", Name: "x", Mobile: in.Mobile, Department: []int64{1}}, wecom.ErrMobileExists},
		{"email", wecom.UserInput{UserID: "client-test-3", Name: "x", Email: in.Email, Department: []int64{1}}, wecom.ErrEmailExists},
	}
	for _, d := range dup {
		if err := c.CreateUser(ctx, d.in); !errors.Is(err, d.want) {
			t.Fatalf("duplicate %s: %v, want %v", d.name, err, d.want)
		}
	}
	if err := c.UpdateUser(ctx, wecom.UserInput{UserID: in.UserID, Position: "经理"}); err != nil {
		t.Fatalf("user/update: %v", err)
	}
	if u, err := c.GetUser(ctx, in.UserID); err != nil || u.Position != "经理" || u.Name != in.Name {
		t.Fatalf("after update: %+v, %v", u, err)
	}
	if err := c.DeleteUser(ctx, in.UserID); err != nil {
		t.Fatalf("user/delete: %v", err)
	}
	if _, err := c.GetUser(ctx, in.UserID); !errors.Is(err, wecom.ErrUserNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	for _, id := range []string{"client-test-4", "client-test-5"} {
		if err := c.CreateUser(ctx, wecom.UserInput{UserID: id, Name: id, Email: id + "@example.com", Department: []int64{1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.BatchDeleteUsers(ctx, []string{"client-test-4", "client-test-5"}); err != nil {
		t.Fatalf("user/batchdelete: %v", err)
	}
}

func TestSimTFA(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 9})
	c := simClient(t, sim, srv, nil)
	ctx := context.Background()
	userID := sim.Directory().Users()[0].UserID
	var issued struct{ Code string }
	simPost(t, srv, "/sim/tfa_code", map[string]string{"userid": userID}, &issued)
	info, err := c.GetTFAInfo(ctx, issued.Code)
	if err != nil || info.UserID != userID || info.TFACode == "" {
		t.Fatalf("auth/get_tfa_info: %+v, %v", info, err)
	}
	if _, err := c.GetTFAInfo(ctx, issued.Code); !errors.Is(err, wecom.ErrInvalidTFACode) {
		t.Fatalf("code reused: %v", err)
	}
	if err := c.TFASucc(ctx, userID, info.TFACode); err != nil {
		t.Fatalf("user/tfa_succ: %v", err)
	}
	if err := c.TFASucc(ctx, userID, "bogus"); !errors.Is(err, wecom.ErrInvalidTFACode) {
		t.Fatalf("bad tfa_code: %v", err)
	}
	if err := c.AuthSucc(ctx, userID); err != nil {
		t.Fatalf("user/authsucc: %v", err)
	}
}

func TestSimTokens(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 10})
	ctx := context.Background()
	c := simClient(t, sim, srv, nil)
	userID := sim.Directory().Users()[0].UserID
	if _, err := c.GetUser(ctx, userID); err != nil {
		t.Fatal(err)
	}
	sim.ExpireTokens() // the next call meets 42001 and must refresh once
	if _, err := c.GetUser(ctx, userID); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	bad := simClient(t, sim, srv, func(o *wecom.Options) { o.Secrets = map[wecom.SecretKind]string{wecom.App: "not-the-secret"} })
	if _, err := bad.GetUser(ctx, userID); !errors.Is(err, wecom.ErrInvalidSecret) {
		t.Fatalf("wrong secret: %v", err)
	}
}

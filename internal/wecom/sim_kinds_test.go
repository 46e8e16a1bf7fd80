package wecom_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim"
)

// TestSimPerKindSecrets: a corp configured with one secret per kind, as in
// production, against the simulator in today's mode: writes and list_id go
// with the sync secret, reads with the app's (no mobile, no email), the
// lookups resolve; a corp with only the sync secret gets typed 48009 on
// member reads while the lookups still work.
func TestSimPerKindSecrets(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, srv := startSim(t, wecomsim.Options{Seed: 3, Secrets: map[string]wecomsim.SecretProfile{
		"sync-s": {Kind: wecomsim.KindContacts}, "app-s": {Kind: wecomsim.KindApp, AppCreated: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
	}})
	var m wecomsim.User
	for _, u := range sim.Directory().Users() {
		if u.Mobile != "" && u.Email != "" {
			m = u
			break
		}
	}
	c := simClient(t, sim, srv, func(o *wecom.Options) {
		o.Secrets = map[wecom.SecretKind]string{wecom.Contacts: "sync-s", wecom.App: "app-s"}
	})
	u, err := c.GetUser(ctx, m.UserID)
	if err != nil || u.Name != m.Name || u.Mobile != "" || u.Email != "" {
		t.Fatalf("user/get with the app secret: %+v %v", u, err)
	}
	if id, err := c.GetUserIDByMobile(ctx, m.Mobile); err != nil || id != m.UserID {
		t.Fatalf("getuserid: %q %v", id, err)
	}
	if id, err := c.GetUserIDByEmail(ctx, m.Email, wecom.CorpEmail); err != nil || id != m.UserID {
		t.Fatalf("get_userid_by_email: %q %v", id, err)
	}
	if p, err := c.ListUserIDs(ctx, "", 10); err != nil || len(p.DeptUser) == 0 {
		t.Fatalf("list_id: %+v %v", p, err)
	}
	pos := "区域经理"
	if err := c.UpdateUser(ctx, wecom.UserInput{UserID: m.UserID, Position: pos}); err != nil {
		t.Fatalf("update with the sync secret: %v", err)
	}
	only := simClient(t, sim, srv, func(o *wecom.Options) { o.Secrets = map[wecom.SecretKind]string{wecom.Contacts: "sync-s"} })
	if _, err := only.GetUser(ctx, m.UserID); !errors.Is(err, wecom.ErrNotAuthorized) || wecom.Code(err) != 48009 {
		t.Fatalf("user/get with only the sync secret: %v", err)
	}
	if id, err := only.GetUserIDByMobile(ctx, m.Mobile); err != nil || id != m.UserID {
		t.Fatalf("getuserid with only the sync secret: %q %v", id, err)
	}
}

package httpapi

import (
	"context"
	"net/url"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/media"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

// Each file in a thread carries the scan gate's verdict, so the thread says
// what opening it does: with a scanner configured an unscanned file waits
// (even where the corp allows unscanned files); without one it is served,
// flagged, where the corp allows it.
func TestThreadMediaServeState(t *testing.T) {
	e := newEnv(t, "sqlite", auth.Options{})
	withReview(t, e)
	ctx := context.Background()
	id, _, err := e.b.Store.InsertMedia(ctx, store.Media{CorpID: "wwc1", MsgID: "m00", SDKFileID: "sdk-m00", Kind: "file", Filename: "a.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := e.b.Store.GetMedia(ctx, id)
	m.BlobKey, m.State, m.ScanResult = "sha256/x", media.StateUnscanned, "unscanned"
	if err := e.b.Store.UpdateMedia(ctx, m); err != nil {
		t.Fatal(err)
	}
	rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
	sid, csrf := e.session(rev)
	allow := func(string) media.CorpSettings { return media.CorpSettings{AllowUnscanned: true} }
	for _, c := range []struct {
		name string
		deps media.Deps
		want string
	}{
		{"scanner configured", media.Deps{Scanner: idleScanner{}, Corp: allow}, media.ServeScanWait},
		{"scanning off, corp allows", media.Deps{Corp: allow}, media.ServeUnscanned},
	} {
		finder := search.New(e.b.Store, e.rec)
		finder.SetMediaGate(media.New(c.deps, media.Options{}).ServeState)
		e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Search: finder})
		e.h = e.srv.Handler()
		var th struct {
			Items []struct {
				MsgID string           `json:"msgid"`
				Media []store.MediaRef `json:"media"`
			} `json:"items"`
		}
		decodeData(t, e.do("GET", "/api/v1/conversations/"+url.PathEscape("e0|wmhcp")+"/messages?corp=wwc1&limit=50", "", withSession(sid, csrf)), &th)
		got := ""
		for _, it := range th.Items {
			if it.MsgID == "m00" && len(it.Media) == 1 {
				got = it.Media[0].Serve
			}
		}
		if got != c.want {
			t.Errorf("%s: serve %q, want %q", c.name, got, c.want)
		}
	}
}

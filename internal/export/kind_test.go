package export_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/export"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestTokenNamedLikeThePersonIsNotThem: tokens and admins share id
// numbers; a token named "rev" with reviewer rev's id neither sees nor
// downloads rev's export (finding 7).
func TestTokenNamedLikeThePersonIsNotThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{}`)
		g := auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}}
		rev := as(7, "rev", g)
		e, err := f.svc.Request(rev, export.Request{CorpID: "wwc1", Format: "csv", Params: export.Params{Q: "不良"}})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		impostor := auth.WithPrincipal(context.Background(), auth.Principal{ID: 7, Name: "rev", Kind: auth.KindToken, Grants: []auth.Grant{g}})
		if _, _, err := f.svc.Download(impostor, e.ID); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("impostor token downloaded: %v", err)
		}
		if _, err := f.svc.Get(impostor, e.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("impostor token sees the export: %v", err)
		}
		if ls, _ := f.svc.List(impostor, "wwc1"); len(ls) != 0 {
			t.Errorf("impostor token lists %d exports", len(ls))
		}
		if data := f.download(t, rev, e.ID); len(data) == 0 {
			t.Error("the requester cannot download")
		}
	})
}

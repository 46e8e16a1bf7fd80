package auth_test

import (
	"context"
	"slices"
	"testing"

	"wecomadmin/internal/auth"
)

func TestScopeFor(t *testing.T) {
	t.Parallel()
	p := auth.Principal{Grants: []auth.Grant{
		{Role: auth.RoleReviewer, CorpID: "ww1", Departments: []string{"总部/医学部/肿瘤事业部"}},
		{Role: auth.RoleReviewer, CorpID: "ww1", Departments: []string{"总部/销售部"}},
		{Role: auth.RoleAccountManager, CorpID: "ww2"},
	}}
	sc := auth.ScopeFor(p, auth.MessagesRead, "ww1")
	if sc.All || !slices.Equal(sc.Paths, []string{"总部/医学部/肿瘤事业部", "总部/销售部"}) {
		t.Fatalf("ww1 messages scope = %+v", sc)
	}
	if sc := auth.ScopeFor(p, auth.MessagesRead, "ww2"); sc.All || len(sc.Paths) != 0 {
		t.Fatalf("ww2 messages scope = %+v; the account manager grant gives no messages:read", sc)
	}
	if sc := auth.ScopeFor(p, auth.HRSyncRun, "ww2"); !sc.All {
		t.Fatalf("ww2 hrsync scope = %+v", sc)
	}
	if sc := auth.ScopeFromContext(context.Background(), auth.MessagesRead, "ww1"); sc.All || len(sc.Paths) != 0 {
		t.Fatalf("no caller sees %+v", sc)
	}
	for path, want := range map[string]bool{
		"总部/医学部/肿瘤事业部": true, "总部/医学部/肿瘤事业部/北京": true, "总部/医学部/肿瘤事业部2": false,
		"总部/医学部": false, "总部/销售部": true, "": false,
	} {
		if sc.Allows(path) != want {
			t.Errorf("Allows(%q) = %v", path, !want)
		}
	}
}

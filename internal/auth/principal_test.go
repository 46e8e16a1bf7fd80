package auth

import (
	"testing"
	"time"
)

func TestCoversAndCanInCorp(t *testing.T) {
	t.Parallel()
	global := Principal{Kind: KindAdmin, Grants: []Grant{{Role: RoleAdmin}}}
	corpA := Principal{Kind: KindAdmin, Grants: []Grant{{Role: RoleAdmin, CorpID: "wwA"}}}
	dept := Principal{Kind: KindToken, Grants: []Grant{{Role: RoleAccountManager, CorpID: "wwA", Departments: []string{"总部/肿瘤"}}}}
	for _, c := range []struct {
		name string
		p    Principal
		g    Grant
		want bool
	}{
		{"global covers anything", global, Grant{Role: RoleAdmin}, true},
		{"corp admin cannot grant global admin", corpA, Grant{Role: RoleAdmin}, false},
		{"corp admin cannot grant global auditor", corpA, Grant{Role: RoleAuditor}, false},
		{"corp admin cannot grant another corp", corpA, Grant{Role: RoleReviewer, CorpID: "wwB"}, false},
		{"corp admin grants its corp", corpA, Grant{Role: RoleReviewer, CorpID: "wwA"}, true},
		{"corp admin grants a department of its corp", corpA, Grant{Role: RoleReviewer, CorpID: "wwA", Departments: []string{"x"}}, true},
		{"department grant cannot grant the corp", dept, Grant{Role: RoleAccountManager, CorpID: "wwA"}, false},
		{"department grant cannot grant a sibling", dept, Grant{Role: RoleAccountManager, CorpID: "wwA", Departments: []string{"总部/心血管"}}, false},
		{"department grant covers a sub-department", dept, Grant{Role: RoleAccountManager, CorpID: "wwA", Departments: []string{"总部/肿瘤/华东"}}, true},
		{"department grant cannot grant a wider role", dept, Grant{Role: RoleReviewer, CorpID: "wwA", Departments: []string{"总部/肿瘤"}}, false},
	} {
		if got := c.p.Covers(c.g); got != c.want {
			t.Errorf("%s: Covers = %v", c.name, got)
		}
	}
	if corpA.CanInCorp(CorpsWrite, "wwB") || corpA.CanInCorp(CorpsWrite, "") || !corpA.CanInCorp(CorpsWrite, "wwA") {
		t.Error("CanInCorp ignores the grant's corp")
	}
	if dept.CanInCorp(HRSyncRun, "wwA") || !dept.ReachesCorp(HRSyncRun, "wwA") || dept.ReachesCorp(MessagesRead, "wwA") {
		t.Error("a department grant holds the whole corp, or reaches with another permission")
	}
	if !(Principal{Kind: KindToken, ID: 3}).SameAs(KindToken, 3) || (Principal{Kind: KindToken, ID: 3}).SameAs(KindAdmin, 3) {
		t.Error("SameAs ignores the kind")
	}
}

// TestPerAccountThrottle: one username is limited apart from the address,
// so attempts spread over many addresses still slow down (finding 11).
func TestPerAccountThrottle(t *testing.T) {
	t.Parallel()
	l := newIPLimiter(accountLoginsPerMinute, accountLoginBurst)
	now := time.Unix(1_700_000_000, 0)
	for i := range accountLoginBurst {
		if !l.allow("user:alice", now) {
			t.Fatalf("attempt %d refused", i)
		}
	}
	if l.allow("user:alice", now) {
		t.Fatal("attempt over the account's burst allowed")
	}
	if !l.allow("user:bob", now) {
		t.Fatal("another account throttled")
	}
}

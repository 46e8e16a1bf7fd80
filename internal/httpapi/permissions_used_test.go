package httpapi

import (
	"slices"
	"testing"

	"wecomadmin/internal/auth"
)

// unroutedPermissions lists catalogued permissions no route needs, each with
// why it stays. A permission nothing gates is a checkbox that does nothing.
var unroutedPermissions = map[auth.Permission]string{}

// TestEveryPermissionGatesARoute: every permission of the catalog is the
// permission of some route in Routes(), or listed in unroutedPermissions.
func TestEveryPermissionGatesARoute(t *testing.T) {
	t.Parallel()
	used := map[auth.Permission]bool{}
	for _, r := range New(Deps{Version: "t"}).Routes() {
		used[r.Permission] = true
	}
	for _, p := range auth.AllPermissions() {
		why, listed := unroutedPermissions[p]
		switch {
		case !used[p] && !listed:
			t.Errorf("permission %s gates no route: back it by a route, drop it, or list it with a reason", p)
		case used[p] && listed:
			t.Errorf("permission %s gates a route now: drop it from unroutedPermissions (%s)", p, why)
		}
	}
	for p := range unroutedPermissions {
		if !used[p] && !slices.Contains(auth.AllPermissions(), p) {
			t.Errorf("unroutedPermissions lists %s, which is not in the catalog", p)
		}
	}
}

package audit_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
)

// TestEveryActionHasALabel: the audit page's action picker shows every
// catalogued action with a human label in both languages.
func TestEveryActionHasALabel(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../web/src/locales/parts/audit.ts")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	zh := strings.Index(text, "'zh-CN':")
	if zh < 0 {
		t.Fatal("no zh-CN part in audit.ts")
	}
	for _, a := range audit.Actions() {
		key := regexp.MustCompile(`\b` + regexp.QuoteMeta(strings.ReplaceAll(a, ".", "_")) + `:\s*'`)
		locs := key.FindAllStringIndex(text, -1)
		en, cn := false, false
		for _, l := range locs {
			en, cn = en || l[0] < zh, cn || l[0] > zh
		}
		if !en || !cn {
			t.Errorf("audit action %s has no label in web/src/locales/parts/audit.ts (en %v, zh-CN %v)", a, en, cn)
		}
	}
}

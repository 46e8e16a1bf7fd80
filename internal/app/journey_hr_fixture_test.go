package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/wecomsim"
)

// journeyHRFixture is the demo's own HR file (as demo writes it, BOM and
// all) with two new job titles, so the HR admin journey plans exactly two
// updates and leaves the directory as the other browser tests expect.
const journeyHRFixture = "../../web/e2e/journey-hr.csv"

// TestJourneyHRFixtureMatchesDemo keeps the journey's HR file in step with
// the simulator's seed. Regenerate with WECOMADMIN_UPDATE_GOLDEN=1.
func TestJourneyHRFixtureMatchesDemo(t *testing.T) {
	t.Parallel()
	lines := strings.SplitAfter(string(demoHRCSV(wecomsim.New(wecomsim.Options{Seed: DemoSeed}).Directory())), "\n")
	changed := 0
	for i, l := range lines {
		for _, c := range []struct{ prefix, from, to string }{
			{"E1003,", ",医学经理,", ",高级医学经理,"},
			{"E1040,", ",地区经理,", ",区域销售总监,"},
		} {
			if strings.HasPrefix(l, c.prefix) && strings.Contains(l, c.from) {
				lines[i], changed = strings.Replace(l, c.from, c.to, 1), changed+1
			}
		}
	}
	if changed != 2 {
		t.Fatalf("the seed no longer has E1003 as 医学经理 and E1040 as 地区经理 (%d found): pick two other titles in this test and web/e2e/journey-hr.test.mjs", changed)
	}
	want := []byte(strings.Join(lines, ""))
	path := filepath.Clean(journeyHRFixture)
	if os.Getenv("WECOMADMIN_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: regenerate with WECOMADMIN_UPDATE_GOLDEN=1 go test -run TestJourneyHRFixtureMatchesDemo ./internal/app/", path)
	}
}

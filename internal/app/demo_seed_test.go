package app

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"wecomadmin/internal/wecomsim"
)

// e2eHRFixture is the demo's own HR file with three changes the browser
// test applies through the import wizard: a representative with customers
// leaves (one destructive step, the account then held for a handover), E1001 gets a new title (an update) and E2001 joins (a create).
// Regenerate with WECOMADMIN_UPDATE_GOLDEN=1 when the simulator's seed data
// changes.
const e2eHRFixture = "../../web/e2e/people-hr.csv"

func TestE2EHRFixtureMatchesDemo(t *testing.T) {
	t.Parallel()
	dir := wecomsim.New(wecomsim.Options{Seed: DemoSeed}).Directory()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(demoHRCSV(dir), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The leaver is the first representative with customers, so the sync
	// holds the account for a handover.
	hasCustomers := map[string]bool{}
	for _, f := range dir.Follows() {
		hasCustomers[f.UserID] = true
	}
	users := map[string]string{} // email → userid
	for _, u := range dir.Users() {
		users[u.Email] = u.UserID
	}
	leaver := ""
	for _, r := range rows[2:] {
		if hasCustomers[users[r[2]]] && r[5] == "医药代表" {
			leaver = r[0]
			break
		}
	}
	for _, r := range rows[1:] {
		switch r[0] {
		case "E1001":
			r[5] = "高级医药代表（晋升）"
		case leaver:
			r[6] = "leaver"
		}
	}
	rows = append(rows, []string{"E2001", "新同事", "xin.tongshi@simpharma.cn", "13900001234", rows[1][4], "医学信息沟通专员", "active", "yes"})
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows)
	path := filepath.Clean(e2eHRFixture)
	if os.Getenv("WECOMADMIN_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Fatalf("%s is stale: regenerate with WECOMADMIN_UPDATE_GOLDEN=1 go test -run TestE2EHRFixtureMatchesDemo ./internal/app/", path)
	}
}

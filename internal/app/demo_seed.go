package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/wecomsim"
)

// DemoHRFile is the HR export the demo imports at its first start, left in
// the data directory so people can try the import wizard with it.
const DemoHRFile = "demo-hr.csv"

// DemoSeed is the simulator seed `wecomadmin demo` uses unless told otherwise;
// the browser tests' fixtures are made from its data.
const DemoSeed = 1

// seedDirectory gives the demo what a company has after its first day:
// employees imported from an HR file that matches the simulator's directory
// (applied through the real sync), and customers and customer groups read
// from WeCom, so names show everywhere. It runs once the simulator serves
// and only when the corp has no employees yet (the data directory is reused).
func (d *Demo) seedDirectory(ctx context.Context, dataDir string) error {
	ctx = audit.WithActor(ctx, "system:demo")
	corpID := d.Sim.Options().CorpID
	emps, err := d.App.Store.CorpEmployees(ctx, corpID)
	if err != nil {
		return fmt.Errorf("demo: employees: %w", err)
	}
	if len(emps) == 0 {
		path := filepath.Join(dataDir, DemoHRFile)
		if err := os.WriteFile(path, demoHRCSV(d.Sim.Directory()), 0o600); err != nil {
			return fmt.Errorf("demo: write HR file: %w", err)
		}
		if err := d.App.Sync(ctx, SyncOptions{Corp: DemoCorpKey, HRFile: path}, io.Discard); err != nil {
			return fmt.Errorf("demo: HR sync: %w", err)
		}
	}
	if d.App.Contacts == nil {
		return nil
	}
	if _, err := d.App.Contacts.Reconcile(ctx, corpID); err != nil {
		return fmt.Errorf("demo: contacts: %w", err)
	}
	if _, err := d.App.Contacts.SyncGroups(ctx, corpID); err != nil {
		return fmt.Errorf("demo: customer groups: %w", err)
	}
	return nil
}

// demoHRCSV writes the simulator's active members as HR rows: what HR holds
// for people already in WeCom, with archive licences for the members WeCom
// permits to be archived (and one more, so the licences page has a mismatch).
func demoHRCSV(dir *wecomsim.Directory) []byte {
	paths := departmentPaths(dir.Departments())
	permitted := dir.PermitUsers(0)
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // HR systems' Excel exports start with a BOM
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
	extra, n := 1, 1000
	for _, u := range dir.Users() {
		if u.Status != 1 || u.Creator || u.Mobile == "" || u.Email == "" {
			continue
		}
		n++
		licence := "no"
		if slices.Contains(permitted, u.UserID) {
			licence = "yes"
		} else if extra > 0 {
			licence, extra = "yes", extra-1
		}
		title := u.Position
		if title == "" {
			title = "医药代表"
		}
		_ = w.Write([]string{fmt.Sprintf("E%d", n), u.Name, u.Email, u.Mobile, paths[u.MainDepartment], title, "active", licence})
	}
	w.Flush()
	return buf.Bytes()
}

// departmentPaths names each department by its path from the root, the
// form HR files use ("总部/销售部/华东区").
func departmentPaths(ds []wecomsim.Department) map[int64]string {
	byID := make(map[int64]wecomsim.Department, len(ds))
	for _, d := range ds {
		byID[d.ID] = d
	}
	out := make(map[int64]string, len(ds))
	for _, d := range ds {
		var parts []string
		for cur, ok := d, true; ok; cur, ok = byID[cur.ParentID] {
			parts = append([]string{cur.Name}, parts...)
			if cur.ParentID == 0 {
				break
			}
		}
		out[d.ID] = strings.Join(parts, "/")
	}
	return out
}

package accounts

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestLicences(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFake()
		f.permit = []string{"Li.Si", "wang.wu", "ghost"}
		svc, _ := newService(t, b.Store, f)
		for _, e := range []store.Employee{
			{EmployeeID: "E1", UserID: "zhang.san", Name: "张三", HRStatus: HRActive, ArchiveLicence: true}, // licensed, not permitted
			{EmployeeID: "E2", UserID: "li.si", Name: "李四", HRStatus: HRActive, ArchiveLicence: true},     // fine
			{EmployeeID: "E3", UserID: "wang.wu", Name: "王五", HRStatus: HRActive},                         // permitted, not licensed
		} {
			e.CorpID = testCorp
			if err := b.Store.UpsertEmployee(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.SaveSettings(ctx, "main", Settings{LicenceQuota: 2}); err != nil {
			t.Fatal(err)
		}
		reps, err := svc.Licences(ctx, "main")
		if err != nil || len(reps) != 1 {
			t.Fatalf("%v %+v", err, reps)
		}
		r := reps[0]
		if r.HRLicensed != 2 || r.Permitted != 3 || !r.OverQuota || r.Quota != 2 || r.Error != "" {
			t.Errorf("counts: %+v", r)
		}
		if len(r.LicensedNotPermitted) != 1 || r.LicensedNotPermitted[0].UserID != "zhang.san" {
			t.Errorf("licensed not permitted: %+v", r.LicensedNotPermitted)
		}
		if len(r.PermittedNotLicensed) != 2 || r.PermittedNotLicensed[0].UserID != "ghost" || r.PermittedNotLicensed[1].UserID != "wang.wu" {
			t.Errorf("permitted not licensed: %+v", r.PermittedNotLicensed)
		}
		page, err := svc.Employees(ctx, EmployeeQuery{Corp: "main", Licence: "mismatch"})
		if err != nil || page.Total != 2 {
			t.Errorf("mismatch filter: %v %+v", err, page)
		}
	})
}

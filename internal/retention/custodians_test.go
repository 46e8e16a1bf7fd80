package retention_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestHoldCustodiansMustExist: a hold naming an id the corp knows nowhere is
// refused with the ids named, and nothing is saved or shown as active.
func TestHoldCustodiansMustExist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwc1", "c1")
		storetest.Exec(t, b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
			VALUES ('wwc1', 'zhangsan', '张三', '总部', 0, 0)`)
		storetest.Exec(t, b.Store, `INSERT INTO archive_rooms (corp_id, roomid, name, fetched_at) VALUES ('wwc1', 'r1', '学术群', 0)`)
		svc := retention.New(b.Store, audit.New(b.Store, nil, nil), nil, retention.Options{})
		for _, tc := range []struct {
			name string
			h    store.LegalHold
			bad  string // "" when accepted
		}{
			{"unknown employee", store.LegalHold{Employees: []string{"zhangsan", "张三"}}, "employees 张三"},
			{"unknown contact and room", store.LegalHold{Contacts: []string{"wmX"}, Rooms: []string{"r1", "r9"}}, "contacts wmX; rooms r9"},
			{"too many ids", store.LegalHold{Employees: make([]string, retention.MaxCustodians+1)}, "at most"},
			{"known employee and room", store.LegalHold{Employees: []string{"zhangsan"}, Rooms: []string{"r1"}}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.h.CorpID, tc.h.Matter = "wwc1", "案件"+tc.name
				_, err := svc.SaveHold(ctx, tc.h)
				var in *retention.InputError
				if tc.bad == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				if !errors.As(err, &in) || !strings.Contains(in.Msg, tc.bad) {
					t.Fatalf("err %v, want input error naming %q", err, tc.bad)
				}
			})
		}
		active, err := b.Store.LegalHolds(ctx, "wwc1", "active")
		if err != nil {
			t.Fatal(err)
		}
		if len(active) != 1 || active[0].Matter != "案件known employee and room" {
			t.Fatalf("active holds %+v", active)
		}
	})
}

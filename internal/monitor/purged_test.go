package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestClosedAlertOutlivesPurgedMessage: once retention purged the message
// of a closed alert, the alert stays in the queue (still department
// scoped, by its employee), its detail opens with an empty context and its
// text and history, and its AE intake still exports.
func TestClosedAlertOutlivesPurgedMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		ctx := context.Background()
		rev := as("rev", 1, auth.Grant{Role: auth.RoleReviewer})
		own := f.alert(t, "m0", "pii")   // e0, 医学部
		other := f.alert(t, "m1", "pii") // e1, 销售部
		for _, id := range []int64{own, other} {
			if _, err := f.svc.Disposition(rev, id, Decision{Disposition: "false_positive"}); err != nil {
				t.Fatal(err)
			}
		}
		m0, _ := f.st.MessageByMsgID(ctx, "wwc1", "m0")
		m1, _ := f.st.MessageByMsgID(ctx, "wwc1", "m1")
		if err := f.st.WithTx(ctx, func(ctx context.Context) error {
			_, err := f.st.DeleteMessages(ctx, "wwc1", []store.Message{m0, m1})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.Get(rev, own)
		if err != nil || d.Context == nil || len(d.Context) != 0 || d.Text == "" || d.MsgID != "m0" || len(d.History) != 2 {
			t.Fatalf("detail of a purged message's alert: %+v %v", d, err)
		}
		if l, err := f.svc.List(rev, Query{Corp: "wwc1"}); err != nil || len(l.Items) != 2 {
			t.Fatalf("queue lost purged alerts: %+v %v", l, err)
		}
		sc := as("scoped", 5, auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		if l, err := f.svc.List(sc, Query{Corp: "wwc1"}); err != nil || len(l.Items) != 1 || l.Items[0].ID != own {
			t.Fatalf("scoped queue: %+v %v", l, err)
		}
		if _, err := f.svc.Get(sc, other); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("scoped reviewer read another department's purged alert: %v", err)
		}
		if l, err := f.svc.List(rev, Query{Corp: "wwc1", Employee: "e1"}); err != nil || len(l.Items) != 1 || l.Items[0].ID != other {
			t.Fatalf("employee filter on purged: %+v %v", l, err)
		}
		file, err := f.svc.ExportIntake(rev, own, "json")
		if err != nil {
			t.Fatal(err)
		}
		var rec Intake
		if err := json.Unmarshal(file.Body, &rec); err != nil || rec.MessageText != d.Text {
			t.Fatalf("intake %s %v", file.Body, err)
		}
	})
}

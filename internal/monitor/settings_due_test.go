package monitor

import (
	"context"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestAEDueDaysReschedulesOpenAEAlerts: changing ae_due_days moves the due
// time of AE alerts not yet closed (with a history event each and the count
// in the settings' audit entry); closed and non-AE alerts keep theirs.
func TestAEDueDaysReschedulesOpenAEAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		ctx := context.Background()
		admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
		day := int64(24 * 3600 * 1000)
		open := f.alert(t, "m0", "ae")
		review := f.alert(t, "m1", "ae", "pii")
		closed := f.alert(t, "m2", "ae")
		pii := f.alert(t, "m3", "pii")
		for id, state := range map[int64]string{review: StateInReview, closed: StateClosed} {
			a, _ := f.st.AlertByID(ctx, id)
			a.State = state
			if err := f.st.UpdateAlert(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		before := map[int64]store.Alert{}
		for _, id := range []int64{open, review, closed, pii} {
			before[id], _ = f.st.AlertByID(ctx, id)
		}
		if before[open].DueAt != before[open].MsgTime+day {
			t.Fatalf("ingest due %+v", before[open])
		}
		seven := 7
		if _, err := f.svc.PatchSettings(admin, "wwc1", SettingsPatch{AEDueDays: &seven}); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int64]int64{open: before[open].MsgTime + 7*day, review: before[review].MsgTime + 7*day,
			closed: before[closed].DueAt, pii: 0} {
			a, _ := f.st.AlertByID(ctx, id)
			if a.DueAt != want {
				t.Errorf("alert %d (%s): due %d, want %d", id, a.State, a.DueAt, want)
			}
		}
		h, _ := f.st.AlertEvents(ctx, open)
		if last := h[len(h)-1]; last.Action != "due_changed" || last.Actor != "adm" || !strings.Contains(last.Detail, "->") {
			t.Fatalf("history %+v", h)
		}
		es, _, err := f.rec.List(ctx, audit.Filter{Action: audit.MonitoringUpdate, Limit: 10})
		if err != nil || len(es) != 1 || !strings.Contains(es[0].Metadata, `"ae_alerts_rescheduled":2`) {
			t.Fatalf("audit %+v %v", es, err)
		}
		// Another setting changed, ae_due_days not: no clock moves, no events.
		yes := true
		if _, err := f.svc.PatchSettings(admin, "wwc1", SettingsPatch{FourEyesAE: &yes}); err != nil {
			t.Fatal(err)
		}
		if h2, _ := f.st.AlertEvents(ctx, open); len(h2) != len(h) {
			t.Fatalf("history grew without a due change: %+v", h2)
		}
		// Out of range: refused, nothing moves.
		bad := 99
		if _, err := f.svc.PatchSettings(admin, "wwc1", SettingsPatch{AEDueDays: &bad}); err == nil {
			t.Fatal("ae_due_days 99 accepted")
		}
		if a, _ := f.st.AlertByID(ctx, open); a.DueAt != before[open].MsgTime+7*day {
			t.Fatalf("refused change moved the clock: %+v", a)
		}
	})
}

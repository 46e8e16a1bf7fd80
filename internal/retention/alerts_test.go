package retention_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestSweepKeepsMessagesWithOpenAlerts: a message whose alert is open or
// in review is kept (counted apart from legal holds in the result, the
// preview and the certificate); a closed alert's message goes, and the
// alert row keeps its msgid, hits and history.
func TestSweepKeepsMessagesWithOpenAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		day := int64(24 * time.Hour / time.Millisecond)
		for i, id := range []string{"open", "review", "closed", "plain", "held-open", "young-open"} {
			age := map[string]int64{"young-open": 10, "held-open": 400}[id] // the hold's window is around day 400
			if age == 0 {
				age = 500
			}
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: id, Seq: int64(i + 1), MsgType: "text",
				From: "e0", ToList: `["wmhcp"]`, MsgTime: now.UnixMilli() - age*day, Content: "病人住院 " + id}); err != nil {
				t.Fatal(err)
			}
		}
		alerts := map[string]int64{}
		for id, state := range map[string]string{"open": "open", "review": "in_review", "closed": "closed",
			"held-open": "open", "young-open": "open"} {
			a, ok, err := st.InsertAlert(ctx, store.Alert{CorpID: "wwc1", MsgID: id, Labels: []string{"ae"}, Employee: "e0",
				Hits: `[{"label":"ae","text":"住院"}]`, Text: "病人住院 " + id})
			if err != nil || !ok {
				t.Fatalf("alert %s: %v %v", id, ok, err)
			}
			a.State = state
			if err := st.UpdateAlert(ctx, a); err != nil {
				t.Fatal(err)
			}
			if err := st.AddAlertEvent(ctx, store.AlertEvent{AlertID: a.ID, CorpID: "wwc1", Actor: "rev", Action: "closed", ToState: state}); err != nil {
				t.Fatal(err)
			}
			alerts[id] = a.ID
		}
		svc := retention.New(st, audit.New(st, nil, nil), &blobs{}, retention.Options{FloorDays: 180, Batch: 100})
		svc.SetClock(func() time.Time { return now })
		if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveHold(ctx, store.LegalHold{CorpID: "wwc1", Matter: "案件B", Employees: []string{"e0"},
			FromTime: now.UnixMilli() - 401*day, ToTime: now.UnixMilli() - 399*day}); err != nil {
			t.Fatal(err)
		}

		p, err := svc.Preview(ctx, "wwc1")
		if err != nil {
			t.Fatal(err)
		}
		if p.Deletable != 2 || p.Held != 1 || p.KeptOpenAlert != 2 {
			t.Fatalf("preview %+v", p)
		}
		res, err := svc.Run(ctx, "wwc1")
		if err != nil {
			t.Fatal(err)
		}
		if res.Deleted != 2 || res.Held != 1 || res.KeptOpenAlert != 2 || res.Batches != 1 {
			t.Fatalf("result %+v", res)
		}
		for id, gone := range map[string]bool{"open": false, "review": false, "closed": true, "plain": true, "held-open": false, "young-open": false} {
			if _, err := st.MessageByMsgID(ctx, "wwc1", id); (err != nil) != gone {
				t.Fatalf("%s: gone=%v, err %v", id, gone, err)
			}
		}
		evs, err := st.ListAudit(ctx, store.AuditFilter{Action: audit.RetentionPurge, Limit: 10})
		if err != nil || len(evs) != 1 {
			t.Fatalf("certificates %v %v", evs, err)
		}
		var cert struct {
			Count         int `json:"count"`
			KeptHeld      int `json:"kept_held"`
			KeptOpenAlert int `json:"kept_open_alert"`
		}
		if err := json.Unmarshal([]byte(evs[0].Metadata), &cert); err != nil || cert.Count != 2 || cert.KeptHeld != 1 || cert.KeptOpenAlert != 2 {
			t.Fatalf("certificate %s (%v)", evs[0].Metadata, err)
		}
		// The closed alert outlived its message: row, msgid, hits and history are intact.
		a, err := st.AlertByID(ctx, alerts["closed"])
		if err != nil || a.MsgID != "closed" || a.Hits != `[{"label":"ae","text":"住院"}]` || a.Text != "病人住院 closed" {
			t.Fatalf("closed alert after purge %+v %v", a, err)
		}
		if h, err := st.AlertEvents(ctx, a.ID); err != nil || len(h) != 1 {
			t.Fatalf("history %v %v", h, err)
		}
		// Closing the case lets the next sweep take the message.
		for _, id := range []string{"open", "review"} {
			a, _ := st.AlertByID(ctx, alerts[id])
			a.State = "closed"
			if err := st.UpdateAlert(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if res, err = svc.Run(ctx, "wwc1"); err != nil || res.Deleted != 2 || res.KeptOpenAlert != 0 || res.Held != 1 {
			t.Fatalf("after closing %+v %v", res, err)
		}
	})
}

// raceStore raises an alert right after the sweep read a batch, as a
// retroactive monitoring run could between the scan and the delete.
type raceStore struct {
	*store.Store
	raise func()
}

func (r raceStore) MessagesBefore(ctx context.Context, corpID string, t, afterID int64, limit int) ([]store.Message, error) {
	ms, err := r.Store.MessagesBefore(ctx, corpID, t, afterID, limit)
	if len(ms) > 0 && r.raise != nil {
		r.raise()
	}
	return ms, err
}

// TestSweepRechecksAlertsInItsTransaction: an alert raised after the scan
// still keeps its message.
func TestSweepRechecksAlertsInItsTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
		for i, id := range []string{"a", "b"} {
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: id, Seq: int64(i + 1), MsgType: "text",
				From: "e0", ToList: `[]`, MsgTime: now.AddDate(-2, 0, 0).UnixMilli(), Content: id}); err != nil {
				t.Fatal(err)
			}
		}
		raised := false
		rs := raceStore{Store: st, raise: func() {
			if !raised {
				raised = true
				if _, _, err := st.InsertAlert(ctx, store.Alert{CorpID: "wwc1", MsgID: "b", Labels: []string{"ae"}}); err != nil {
					t.Error(err)
				}
			}
		}}
		svc := retention.New(rs, audit.New(st, nil, nil), &blobs{}, retention.Options{FloorDays: 180})
		svc.SetClock(func() time.Time { return now })
		if _, err := svc.SetRule(ctx, store.RetentionRule{CorpID: "wwc1", Days: 365}); err != nil {
			t.Fatal(err)
		}
		res, err := svc.Run(ctx, "wwc1")
		if err != nil || res.Deleted != 1 || res.KeptOpenAlert != 1 {
			t.Fatalf("result %+v %v", res, err)
		}
		if _, err := st.MessageByMsgID(ctx, "wwc1", "b"); err != nil {
			t.Fatalf("message with a fresh alert deleted: %v", err)
		}
	})
}

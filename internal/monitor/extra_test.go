package monitor

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// A voice message says nothing until its transcript arrives; then it is
// classified with it.
func TestTranscriptClassifiesOnArrival(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		f.svc.fake = fakeAE
		ctx := context.Background()
		m := store.Message{CorpID: "wwc1", MsgID: "v1", Seq: 50, MsgType: "voice", From: "wmhcp", ToList: `["e0"]`,
			ConversationID: "e0|wmhcp", MsgTime: f.now.UnixMilli(), HasMedia: 1}
		if _, err := f.st.InsertMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.OnMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.OnTranscript(ctx, "wwc1", "v1", "我妈妈吃药以后住院了"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.OnTranscript(ctx, "wwc1", "gone", "住院"); err != nil {
			t.Fatalf("transcript of an unknown message: %v", err)
		}
		rows, err := f.st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 10)
		if err != nil || len(rows) != 1 || rows[0].MsgID != "v1" || !strings.Contains(rows[0].Text, "住院") {
			t.Fatalf("alerts: %+v %v", rows, err)
		}
	})
}

func TestRetroJobReportsProgress(t *testing.T) {
	b := storetest.Open(t, "sqlite")
	f := newFixture(t, b)
	f.svc.fake = fakeAE
	payload, _ := json.Marshal(map[string]string{"corp_id": "wwc1"})
	p := &jobs.Progress{}
	if err := f.svc.retroJob(context.Background(), jobs.Job{ID: 1, Kind: RetroJobKind, Payload: payload}, p); err != nil {
		t.Fatal(err)
	}
	n, _ := f.st.CountAlerts(context.Background(), store.AlertFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}})
	if n != 6 {
		t.Fatalf("alerts after the job: %d", n)
	}
	if err := f.svc.retroJob(context.Background(), jobs.Job{ID: 2, Kind: RetroJobKind, Payload: []byte("{")}, p); !jobs.IsPermanent(err) {
		t.Fatalf("bad payload: %v", err)
	}
}

func TestSummaryTiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		rev := as("rev", 1, auth.Grant{Role: auth.RoleReviewer})
		admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
		if _, err := f.svc.PutSettings(admin, "c1", Settings{AEDueDays: 1, QCRate: 0.01}); err != nil { // four eyes off
			t.Fatal(err)
		}
		ae := f.alert(t, "m0", "ae")
		f.alert(t, "m1", "bribery")
		fp := f.alert(t, "m2", "ae", "pii")
		f.now = f.now.Add(2 * time.Hour)
		if _, err := f.svc.Disposition(rev, fp, Decision{Disposition: "false_positive"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Disposition(rev, ae, Decision{Disposition: "ae_reported", CaseNumber: "C-1"}); err != nil {
			t.Fatal(err)
		}
		sum, err := f.svc.Summary(rev, "c1", 1, f.now.UnixMilli())
		if err != nil {
			t.Fatal(err)
		}
		if sum.Messages != 6 || sum.Alerts["ae"] != 2 || sum.Alerts["pii"] != 1 || sum.Alerts["offlabel"] != 0 ||
			sum.PerThousand["ae"] < 333 || sum.PerThousand["ae"] > 334 || sum.Open != 1 || sum.Overdue != 0 {
			t.Fatalf("tiles: %+v", sum)
		}
		rates := map[string]float64{}
		for _, r := range sum.FalsePositiveByRule {
			rates[r.Rule] = r.Rate
		}
		if rates["test.ae"] != 0.5 || rates["test.pii"] != 1 || len(sum.Series) != 1 || sum.Series[0].Labels["ae"] != 2 {
			t.Fatalf("rates %v series %+v", rates, sum.Series)
		}
		if sum.MedianDispositionMS == nil {
			t.Fatal("no median time to disposition")
		}
		sc := as("scoped", 5, auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/销售部"}})
		if s2, err := f.svc.Summary(sc, "c1", 1, f.now.UnixMilli()); err != nil || s2.Messages != 3 || s2.Alerts["ae"] != 0 || s2.Alerts["bribery"] != 1 {
			t.Fatalf("scoped tiles: %+v %v", s2, err)
		}
	})
}

func TestIntakeCSVDefusesFormulas(t *testing.T) {
	out, err := intakeCSV(Intake{MessageText: "=HYPERLINK(\"x\")", CaseNumber: "+1", Labels: []string{"ae"}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "\ufeffalert_id,") || !strings.Contains(s, `"'=HYPERLINK(""x"")"`) || !strings.Contains(s, ",'+1,") {
		t.Fatalf("csv: %q", s)
	}
}

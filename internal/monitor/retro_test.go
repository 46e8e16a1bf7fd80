package monitor

import (
	"context"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// fakeAE flags "住院" as an AE, and "这个药" as one only when the context
// names a product, so the tests see context reach the detector.
func fakeAE(in detect.Input) detect.Result {
	r := detect.Result{Labels: []string{}, Hits: []detect.Hit{}}
	if i := strings.Index(in.Text, "住院"); i >= 0 {
		r.Labels, r.Severity = []string{"ae"}, "high"
		r.Hits = append(r.Hits, detect.Hit{Label: "ae", Rule: "fake.hosp", Text: "住院"})
	}
	if strings.Contains(in.Text, "这个药") && strings.Contains(strings.Join(in.Context, " "), "Glucerra") {
		r.Labels = []string{"ae", "offlabel"}
		r.Hits = append(r.Hits, detect.Hit{Label: "offlabel", Rule: "fake.ctx", Text: "这个药", Product: "Glucerra"})
	}
	return r
}

func TestRetroIsIdempotentAndKeepsReviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		f.svc.fake = fakeAE
		ctx := context.Background()
		var calls []int64
		res, err := f.svc.Retro(ctx, "wwc1", func(done, total, created int64) { calls = append(calls, done, total) })
		if err != nil || res.Messages != 6 || res.Created != 6 || len(calls) != 2 || calls[1] != 6 {
			t.Fatalf("first run: %+v %v %v", res, err, calls)
		}
		rev := as("rev", 1, auth.Grant{Role: auth.RoleReviewer})
		l, _ := f.svc.List(rev, Query{Corp: "c1"})
		if _, err := f.svc.Disposition(rev, l.Items[0].ID, Decision{Disposition: "false_positive"}); err != nil {
			t.Fatal(err)
		}
		// A new policy version (here: a new catalog) and a second run.
		admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
		if _, err := f.svc.PutCatalog(admin, "c1", []byte("products:\n  - name: Glucerra\n")); err != nil {
			t.Fatal(err)
		}
		res, err = f.svc.Retro(ctx, "wwc1", nil)
		if err != nil || res.Created != 0 {
			t.Fatalf("second run: %+v %v", res, err)
		}
		a, _ := f.st.AlertByID(ctx, l.Items[0].ID)
		if a.State != StateInReview || !a.NeedsApproval || a.Disposition != "false_positive" { // four eyes: awaiting approval
			t.Fatalf("review lost: %+v", a)
		}
		if n, _ := f.st.CountAlerts(ctx, store.AlertFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}); n != 6 {
			t.Fatalf("alerts after two runs: %d", n)
		}
	})
}

func TestOnMessageUsesConversationContext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		f.svc.fake = fakeAE
		ctx := context.Background()
		ingest := func(msgid, text string, seq int64) {
			t.Helper()
			m := store.Message{CorpID: "wwc1", MsgID: msgid, Seq: seq, MsgType: "text", From: "wmhcp", ToList: `["e0"]`,
				ConversationID: "e0|wmhcp2", MsgTime: f.now.UnixMilli() + seq, Content: text}
			err := f.st.WithTx(ctx, func(ctx context.Context) error {
				if _, err := f.st.InsertMessage(ctx, m); err != nil {
					return err
				}
				return f.svc.OnMessage(ctx, m)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		ingest("c1", "Glucerra 用了两周", 100)
		ingest("c2", "这个药 可以给孩子吃吗", 101)
		ingest("c3", "好的 谢谢", 102)
		rows, err := f.st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwc1", ConversationID: "e0|wmhcp2", Scope: store.DeptScope{All: true}}, 10)
		if err != nil || len(rows) != 1 || rows[0].MsgID != "c2" || strings.Join(rows[0].Labels, ",") != "ae,offlabel" ||
			rows[0].Employee != "e0" || rows[0].DueAt == 0 {
			t.Fatalf("alerts: %+v %v", rows, err)
		}
		// A fresh service (another process) reads the context from the store.
		other := New(f.st, f.rec, Options{})
		other.fake = fakeAE
		prior, err := other.earlier(ctx, store.Message{CorpID: "wwc1", MsgID: "c2", ConversationID: "e0|wmhcp2", MsgTime: f.now.UnixMilli() + 101})
		if err != nil || len(prior) != 1 || prior[0] != "Glucerra 用了两周" {
			t.Fatalf("store context: %q %v", prior, err)
		}
	})
}

func TestQCSamplesUnflaggedConversations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		ctx := context.Background()
		for _, id := range []string{"e0|wmhcp", "e1|wmhcp"} {
			if err := f.st.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: id, Kind: "single",
				Participants: []string{"wmhcp"}, FirstMsgTime: f.now.UnixMilli() - 3600_000, LastMsgTime: f.now.UnixMilli() - 3600_000,
				MessageCount: 3}); err != nil {
				t.Fatal(err)
			}
		}
		f.alert(t, "m0", "pii") // e0's conversation is flagged: not in the population
		admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
		if _, err := f.svc.PutSettings(admin, "c1", Settings{FourEyesAE: true, AEDueDays: 1, QCRate: 1}); err != nil {
			t.Fatal(err)
		}
		n, err := f.svc.SampleQC(ctx)
		if err != nil || n != 1 {
			t.Fatalf("qc: %d %v", n, err)
		}
		yes := true
		rows, _ := f.st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwc1", QCSample: &yes, Scope: store.DeptScope{All: true}}, 10)
		if len(rows) != 1 || rows[0].ConversationID != "e1|wmhcp" || len(rows[0].Labels) != 0 || rows[0].Hits != "[]" {
			t.Fatalf("qc alerts: %+v", rows)
		}
		// A new conversation, then "run now" again the same day: no second sample.
		if _, err := f.st.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "n1", Seq: 99, MsgType: "text", From: "e1",
			ToList: `["wmnew"]`, ConversationID: "e1|wmnew", MsgTime: f.now.UnixMilli() - 60_000, Content: "你好"}); err != nil {
			t.Fatal(err)
		}
		if err := f.st.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: "e1|wmnew", Kind: "single",
			Participants: []string{"wmnew"}, FirstMsgTime: f.now.UnixMilli() - 60_000, LastMsgTime: f.now.UnixMilli() - 60_000,
			MessageCount: 1}); err != nil {
			t.Fatal(err)
		}
		if n, err = f.svc.SampleQC(ctx); err != nil || n != 0 {
			t.Fatalf("second qc run in the same period: %d %v", n, err)
		}
		f.now = f.now.Add(3 * 24 * time.Hour)
		if n, err = f.svc.SampleQC(ctx); err != nil || n != 0 {
			t.Fatalf("qc with no activity: %d %v", n, err)
		}
	})
}

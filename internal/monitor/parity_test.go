package monitor

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

const simCorp = "wwsimcorp0000001"

var simKeys = sync.OnceValue(func() *archivesim.KeyRing {
	kr, err := archivesim.NewKeyRing(2)
	if err != nil {
		panic(err)
	}
	return kr
})

// simIngest ingests a simulator archive through the real ingest path, with
// svc as its classifier (nil: monitoring off).
func simIngest(tb testing.TB, st *store.Store, a *archivesim.Archive, svc *Service) archive.SyncResult {
	tb.Helper()
	srv := httptest.NewServer(archivesim.NewServer(a, archivesim.Config{CorpID: simCorp, Secret: "sim"}))
	tb.Cleanup(srv.Close)
	keys, err := archive.NewKeys(map[int][]byte{1: simKeys().PEM(1), 2: simKeys().PEM(2)})
	if err != nil {
		tb.Fatal(err)
	}
	in := archive.New(st, nil, []archive.Corp{{CorpID: simCorp, Key: "sim", Source: finance.NewSimClient(srv.URL, simCorp, "sim"),
		Keys: keys}}, archive.Options{})
	if svc != nil {
		in.SetClassifier(svc)
	}
	res, err := in.SyncOnce(context.Background(), simCorp)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// fakeSim flags the simulator's own lines, one label leaning on context,
// so parity is checked while the real detectors are placeholders too.
func fakeSim(in detect.Input) detect.Result {
	r := detect.Result{Labels: []string{}, Hits: []detect.Hit{}}
	add := func(label string) {
		r.Labels = append(r.Labels, label)
		r.Hits = append(r.Hits, detect.Hit{Label: label, Rule: "fake." + label})
	}
	if strings.Contains(in.Text, "不良反应") || strings.Contains(in.Text, "病例") {
		add(detect.LabelAE)
	}
	if strings.Contains(in.Text, "适应症") && strings.Contains(strings.Join(in.Context, "\n"), "新药") {
		add(detect.LabelOffLabel)
	}
	if strings.Contains(in.Text, "样品") || in.MsgType == "redpacket" {
		add(detect.LabelBribery)
	}
	return r
}

// expected classifies the archive's plaintexts directly, each with the
// earlier messages of its conversation, as the detectors alone would.
func expected(t *testing.T, a *archivesim.Archive, classify func(detect.Input) detect.Result) map[string]string {
	t.Helper()
	out := map[string]string{}
	prior := map[string][]string{}
	for _, plain := range a.Plaintexts() {
		p, err := archive.Parse(plain)
		if err != nil {
			t.Fatal(err)
		}
		m := store.Message{MsgID: p.MsgID, Action: p.Action, MsgType: p.MsgType, From: p.From, Content: p.Content}
		if skipped(m) {
			continue
		}
		conv := p.ConversationID()
		in := detect.Input{Text: p.Content, MsgType: p.MsgType, Context: slices.Clone(prior[conv]), Speaker: "hcp"}
		if !external(p.From) {
			in.Speaker = "rep"
		}
		if res := classify(in); len(res.Labels) > 0 {
			out[p.MsgID] = strings.Join(res.Labels, ",")
		}
		w := append(prior[conv], p.Content)
		prior[conv] = w[max(0, len(w)-3):]
	}
	return out
}

func stored(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	rows, err := st.ListAlerts(context.Background(), store.AlertFilter{CorpID: simCorp, Scope: store.DeptScope{All: true}}, 100000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		if _, dup := out[r.MsgID]; dup {
			t.Errorf("message %s has two alerts", r.MsgID)
		}
		out[r.MsgID] = strings.Join(r.Labels, ",")
	}
	return out
}

// TestIngestParityWithDetector: the simulator's archive, ingested by the
// real ingest path, raises exactly the alerts the detector gives for the
// same texts and contexts, with the real detector and with a fake that
// flags the simulator's lines; a retroactive run then adds none.
func TestIngestParityWithDetector(t *testing.T) {
	a, _ := archivesim.Generate(simKeys(), archivesim.Options{Seed: 13, Messages: 400})
	det, err := detect.New(detect.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		fake func(detect.Input) detect.Result
	}{{"detector", nil}, {"fake", fakeSim}} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				storetest.SeedCorp(t, b.Store, simCorp, "sim")
				svc := New(b.Store, nil, Options{})
				svc.fake = tc.fake
				res := simIngest(t, b.Store, a, svc)
				if res.Stored != 400 {
					t.Fatalf("stored %d", res.Stored)
				}
				classify := det.Classify
				if tc.fake != nil {
					classify = tc.fake
				}
				want, got := expected(t, a, classify), stored(t, b.Store)
				t.Logf("%d of 400 messages flagged", len(want))
				if tc.fake != nil && len(want) == 0 {
					t.Fatal("the fake flagged nothing: the simulator's lines changed")
				}
				for id, l := range want {
					if got[id] != l {
						t.Errorf("%s: ingest raised %q, the detector says %q", id, got[id], l)
					}
				}
				for id, l := range got {
					if _, ok := want[id]; !ok {
						t.Errorf("%s: ingest raised %q, the detector says nothing", id, l)
					}
				}
				rr, err := svc.Retro(context.Background(), simCorp, nil)
				if err != nil || rr.Created != 0 {
					t.Fatalf("retro after ingest: %+v %v", rr, err)
				}
			})
		})
	}
}

package archive_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// rateFaults fires each named fault with its probability.
type rateFaults struct {
	mu    sync.Mutex
	r     *rand.Rand
	rates map[string]float64
}

func (f *rateFaults) Hit(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.r.Float64() < f.rates[name]
}

func TestIngestQuarantinesMalformedRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	a := archivesim.NewArchive(keyRing())
	good := []byte(`{"msgid":"m%d","action":"send","from":"zhangwei","tolist":["wmX"],"roomid":"","msgtime":1,"msgtype":"text","text":{"content":"你好"}}`)
	a.Add("m1", 1, good)
	a.AddCorrupt("bad-b64", 1, good, "base64")
	a.AddCorrupt("bad-key", 1, good, "wrongkey")
	a.Add("m2", 2, []byte(`{"msgid":"m2","action":"send","from":"a","tolist":["b"],"msgtime":2,"msgtype":"text","text":{"content":"x"}}`))
	a.AddCorrupt("bad-json", 1, good, "truncated")
	a.AddCorrupt("no-ver", 1, good, "nokey")
	a.Add("m3", 1, []byte(`{"msgid":"m3","action":"send","from":"a","tolist":["b"],"msgtime":3,"msgtype":"solitaire","solitaire":{"title":"接龙"}}`))
	r := newRig(t, b.Store, a, rigOpts{})
	res, err := r.in.SyncOnce(ctx, testCorp)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 3 || res.Quarantined != 4 || res.LastSeq != 7 || res.Unknown != 1 {
		t.Fatalf("result %+v", res)
	}
	if res.Status != archive.StatusKeyVersionMissing {
		t.Errorf("status %s, want key_version_missing", res.Status)
	}
	q, err := b.Store.QuarantinedRecords(ctx, testCorp)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{2: "decrypt", 3: "rsa_decrypt", 5: "bad_json", 6: "key_version_missing"}
	if len(q) != len(want) {
		t.Fatalf("quarantine %+v", q)
	}
	for _, x := range q {
		if want[x.Seq] != x.Reason || x.Detail == "" || x.Record == "{}" {
			t.Errorf("seq %d quarantined as %q (%s), want %q", x.Seq, x.Reason, x.Detail, want[x.Seq])
		}
	}
	m, err := b.Store.MessageByMsgID(ctx, testCorp, "m3")
	if err != nil || m.ParseStatus != "unknown" || m.Content != "接龙" {
		t.Fatalf("unknown type kept as %+v, %v", m, err)
	}
}

// TestIngestSurvivesFaults: with timeouts, 10001 and 5xx on, every message
// is eventually stored exactly once.
func TestIngestSurvivesFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	a, truth := archivesim.Generate(keyRing(), archivesim.Options{Seed: 3, Messages: 400, TextOnly: true})
	f := &rateFaults{r: rand.New(rand.NewPCG(1, 2)), rates: map[string]float64{"timeout": 0.1, "5xx": 0.15, "10001": 0.15}}
	r := newRig(t, b.Store, a, rigOpts{
		simCfg: archivesim.Config{CorpID: testCorp, Secret: "sim", Faults: f, TimeoutDelay: 2 * time.Second},
		// Far below the fault's 2 s hold, far above a healthy pull on a
		// loaded machine under -race (100 ms is not).
		timeout: 500 * time.Millisecond,
		ingest:  archive.Options{Limit: 50, MaxAttempts: 2, InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond},
	})
	var failures int
	for i := 0; i < 300; i++ {
		res, err := r.in.SyncOnce(ctx, testCorp)
		if err != nil {
			failures++
			continue
		}
		if res.Records == 0 {
			break
		}
	}
	msgs, err := b.Store.MessagesAfterSeq(ctx, testCorp, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != len(truth) {
		t.Fatalf("stored %d of %d (pull failures %d)", len(msgs), len(truth), failures)
	}
	for i, m := range msgs {
		if m.MsgID != truth[i].MsgID {
			t.Fatalf("seq %d holds %s, want %s", i+1, m.MsgID, truth[i].MsgID)
		}
	}
	if failures == 0 {
		t.Log("no pull failed; faults only cost retries")
	}
}

func TestIngestDiagnosesStatus(t *testing.T) {
	t.Parallel()
	a, _ := archivesim.Generate(keyRing(), archivesim.Options{Seed: 4, Messages: 40})
	cases := []struct {
		name   string
		arch   *archivesim.Archive
		cfg    archivesim.Config
		secret string
		want   string
	}{
		{"wrong secret", a, archivesim.Config{CorpID: testCorp, Secret: "sim"}, "nope", archive.StatusWrongSecret},
		{"no permit", a, archivesim.Config{CorpID: testCorp, Secret: "sim", Permitted: func() bool { return false }}, "sim", archive.StatusNoPermit},
		{"never received", archivesim.NewArchive(keyRing()), archivesim.Config{}, "", archive.StatusNeverReceived},
		{"ok", a, archivesim.Config{}, "", archive.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := storetest.Open(t, "sqlite")
			r := newRig(t, b.Store, tc.arch, rigOpts{simCfg: tc.cfg, secret: tc.secret})
			res, _ := r.in.SyncOnce(context.Background(), testCorp)
			cur, err := b.Store.ArchiveCursor(context.Background(), testCorp)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.want || cur.Status != tc.want {
				t.Fatalf("status %s (stored %s, %q), want %s", res.Status, cur.Status, cur.LastError, tc.want)
			}
		})
	}
}

// TestIngestMediaEnqueueIsAtomic: a failing enqueue rolls back its page, so
// the cursor does not pass a message whose media job was not written.
func TestIngestMediaEnqueueIsAtomic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	a, truth := archivesim.Generate(keyRing(), archivesim.Options{Seed: 5, Messages: 60})
	r := newRig(t, b.Store, a, rigOpts{ingest: archive.Options{Limit: 1000, MaxAttempts: 1}})
	var failing string
	for _, tr := range truth {
		if len(tr.Media) > 0 {
			failing = tr.MsgID
			break
		}
	}
	r.media.fail = failing
	if _, err := r.in.SyncOnce(ctx, testCorp); err == nil {
		t.Fatal("want an error from the failing enqueue")
	}
	cur, _ := b.Store.ArchiveCursor(ctx, testCorp)
	msgs, _ := b.Store.MessagesAfterSeq(ctx, testCorp, 0, 1000)
	if cur.Seq != 0 || len(msgs) != 0 {
		t.Fatalf("after a failed page: cursor %d, %d messages; want nothing committed", cur.Seq, len(msgs))
	}
	r.media.fail = ""
	if res, err := r.in.SyncOnce(ctx, testCorp); err != nil || res.Stored != len(truth) {
		t.Fatalf("retry = %+v, %v", res, err)
	}
}

// TestIngestBadRecordFault: the simulator's badrecord fault corrupts
// records; each is quarantined with its seq and the rest are stored.
func TestIngestBadRecordFault(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	a, truth := archivesim.Generate(keyRing(), archivesim.Options{Seed: 8, Messages: 200, TextOnly: true})
	f := &rateFaults{r: rand.New(rand.NewPCG(3, 4)), rates: map[string]float64{"badrecord": 0.05}}
	r := newRig(t, b.Store, a, rigOpts{simCfg: archivesim.Config{CorpID: testCorp, Secret: "sim", Faults: f}})
	res, err := r.in.SyncOnce(ctx, testCorp)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := b.Store.QuarantinedRecords(ctx, testCorp)
	if res.Quarantined == 0 || len(q) != res.Quarantined || res.Stored+res.Quarantined != len(truth) || res.LastSeq != uint64(len(truth)) {
		t.Fatalf("result %+v, %d quarantined rows", res, len(q))
	}
	for _, x := range q {
		if x.Reason != "decrypt" || x.MsgID != truth[x.Seq-1].MsgID {
			t.Errorf("seq %d: %s %s", x.Seq, x.Reason, x.MsgID)
		}
	}
}

// TestRetryQuarantinedAfterKeySupplied: records under a key version the
// portal lacked are recovered once the key is configured.
func TestRetryQuarantinedAfterKeySupplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	a, truth := archivesim.Generate(keyRing(), archivesim.Options{Seed: 12, Messages: 60, KeyVersions: 2})
	r := newRig(t, b.Store, a, rigOpts{versions: []int{1}})
	res, err := r.in.SyncOnce(ctx, testCorp)
	if err != nil || res.Quarantined == 0 || res.Status != archive.StatusKeyVersionMissing {
		t.Fatalf("first pull %+v, %v", res, err)
	}
	fixed := archive.New(b.Store, r.media, []archive.Corp{{CorpID: testCorp, Key: "main", Source: r.client, Keys: portalKeys(t, 1, 2)}}, archive.Options{})
	n, err := fixed.RetryQuarantined(ctx, testCorp, b.Store)
	if err != nil || n != res.Quarantined {
		t.Fatalf("recovered %d of %d: %v", n, res.Quarantined, err)
	}
	msgs, _ := b.Store.MessagesAfterSeq(ctx, testCorp, 0, 1000)
	q, _ := b.Store.QuarantinedRecords(ctx, testCorp)
	if len(msgs) != len(truth) || len(q) != 0 {
		t.Fatalf("%d messages of %d, %d still quarantined", len(msgs), len(truth), len(q))
	}
}

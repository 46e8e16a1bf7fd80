package lease_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/lease"
	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// faults fires a named fault at a fixed rate: HTTP 5xx and the SDK's
// transient network error on pulls. (Timeouts are left out: the server
// side of a call the client gave up on can outlive it by a moment and
// would count as an overlap that no two replicas made.)
type faults struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (f *faults) Hit(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch name {
	case "5xx":
		return f.r.Float64() < 0.05
	case "10001":
		return f.r.Float64() < 0.02
	}
	return false
}

type simCorp struct {
	id    string
	srv   *archivesim.Server
	url   string
	truth []archivesim.Truth
}

// replica is what serve builds on PostgreSQL for the archive: its own pool,
// an ingester fenced by its coordinator, one lease unit per corp.
type replica struct {
	coord  *lease.Coordinator
	cancel context.CancelFunc
	done   chan struct{}
	st     *store.Store
}

func startReplica(t testing.TB, dsn string, corps []simCorp, keys *archive.Keys) *replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	coord := lease.New(st, lease.Options{TTL: 900 * time.Millisecond, Tick: 150 * time.Millisecond})
	var ac []archive.Corp
	for _, c := range corps {
		ac = append(ac, archive.Corp{CorpID: c.id, Key: c.id, Source: finance.NewSimClient(c.url, c.id, "sim"), Keys: keys})
	}
	in := archive.New(st, nil, ac, archive.Options{Limit: 20, PollInterval: 40 * time.Millisecond,
		InitialBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, MaxAttempts: 50, Workers: 1, Fence: coord.Fence})
	for _, c := range corps {
		coord.Add("archive:"+c.id, func(ctx context.Context) error { return in.RunCorp(ctx, c.id) })
	}
	r := &replica{coord: coord, cancel: cancel, done: make(chan struct{}), st: st}
	go func() { defer close(r.done); _ = coord.Run(ctx) }()
	return r
}

// kill stops the replica as SIGKILL would: no lease is given back.
func (r *replica) kill() {
	r.coord.Kill()
	r.cancel()
	<-r.done
	_ = r.st.Close()
}

func (r *replica) stop() {
	r.cancel()
	<-r.done
	_ = r.st.Close()
}

// TestThreeReplicasShareTheArchive runs three replicas on one PostgreSQL
// against five simulated corps with faults on, kills one mid-ingest and
// later a second, restarts them, and checks every message is stored once,
// every cursor is at the end and no corp was ever pulled by two at once.
func TestThreeReplicasShareTheArchive(t *testing.T) {
	loadtest.Gate(t)
	b := storetest.Open(t, "postgres")
	kr, err := archivesim.NewKeyRing(1)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := archive.NewKeys(map[int][]byte{1: kr.PEM(1)})
	if err != nil {
		t.Fatal(err)
	}
	const perCorp = 240
	var corps []simCorp
	for i := range 5 {
		id := fmt.Sprintf("wwscalecorp%05d", i)
		storetest.SeedCorp(t, b.Store, id, fmt.Sprintf("c%d", i))
		a, truth := archivesim.Generate(kr, archivesim.Options{Seed: uint64(100 + i), Messages: perCorp, KeyVersions: 1, KeyShare: 20, TextOnly: true})
		srv := archivesim.NewServer(a, archivesim.Config{CorpID: id, Secret: "sim",
			Faults: &faults{r: rand.New(rand.NewPCG(uint64(i), 9))}})
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)
		corps = append(corps, simCorp{id: id, srv: srv, url: hs.URL, truth: truth})
	}
	reps := []*replica{startReplica(t, b.DSN, corps, keys), startReplica(t, b.DSN, corps, keys), startReplica(t, b.DSN, corps, keys)}
	defer func() {
		for _, r := range reps {
			if r != nil {
				r.stop()
			}
		}
	}()
	ctx := context.Background()
	cursor := func(id string) int64 {
		c, err := b.Store.ArchiveCursor(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c.Seq
	}
	// Kill replica 0 while one of its corps is part way through.
	waitFor(t, "replica 0 mid-ingest", func() bool {
		for _, n := range reps[0].coord.Holds() {
			if s := cursor(n[len("archive:"):]); s > 0 && s < perCorp {
				return true
			}
		}
		return false
	})
	reps[0].kill()
	reps[0] = nil
	waitFor(t, "replica 1 holds a corp mid-ingest", func() bool {
		for _, n := range reps[1].coord.Holds() {
			if s := cursor(n[len("archive:"):]); s < perCorp {
				return true
			}
		}
		return false
	})
	reps[1].kill()
	reps[0] = startReplica(t, b.DSN, corps, keys)
	reps[1] = startReplica(t, b.DSN, corps, keys)
	waitFor(t, "every cursor at the end", func() bool {
		for _, c := range corps {
			if cursor(c.id) != perCorp {
				return false
			}
		}
		return true
	})
	waitFor(t, "leases spread over the three replicas", func() bool {
		for _, r := range reps {
			if n := len(r.coord.Holds()); n == 0 || n > 2 {
				return false
			}
		}
		return true
	})
	for _, c := range corps {
		msgs, err := b.Store.MessagesAfterSeq(ctx, c.id, 0, perCorp+10)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != perCorp {
			t.Fatalf("%s: %d messages stored, want %d", c.id, len(msgs), perCorp)
		}
		for i, m := range msgs {
			if m.MsgID != c.truth[i].MsgID || m.Seq != int64(i+1) {
				t.Fatalf("%s: position %d holds %s seq %d", c.id, i, m.MsgID, m.Seq)
			}
		}
		if o := c.srv.OverlappingPulls(); o != 0 {
			t.Errorf("%s: %d overlapping pulls (of %d)", c.id, o, c.srv.Pulls())
		}
		t.Logf("%s: %d pulls, 0 overlapping", c.id, c.srv.Pulls())
	}
}

// waitFor polls cond (a store read) until it holds; the bound is generous
// for a loaded machine and only fails a stuck test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

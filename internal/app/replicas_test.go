package app

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// pullFaults answers 5% of archive pulls with HTTP 500.
type pullFaults struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (f *pullFaults) Hit(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return name == "5xx" && f.r.Float64() < 0.05
}

// servedReplica is one `serve` built by Build and running Serve.
type servedReplica struct {
	a      *App
	cancel context.CancelFunc
	done   chan error
	serve  func()
}

func buildReplica(t testing.TB, cfg config.Config) *servedReplica {
	t.Helper()
	cfg.DataDir = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var logOut io.Writer = io.Discard
	if p := os.Getenv("REPLICA_LOG"); p != "" {
		f, _ := os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		logOut = f
	}
	a, err := Build(ctx, cfg, logOut, Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &servedReplica{a: a, cancel: cancel, done: make(chan error, 1)}
	r.serve = func() { go func() { r.done <- a.Serve(ctx, ln) }() }
	return r
}

func serveReplica(t testing.TB, cfg config.Config) *servedReplica {
	r := buildReplica(t, cfg)
	r.serve()
	return r
}

// kill ends the replica as SIGKILL would for the work it shares: it gives
// no lease back and leaves no replica row behind.
func (r *servedReplica) kill() {
	r.a.Cluster.Kill()
	r.stop()
}

func (r *servedReplica) stop() {
	r.cancel()
	<-r.done
	r.a.Close()
}

// TestServeReplicasShareTheArchive: three portals built as `serve` builds
// them, on one PostgreSQL, five corps on archive simulators with faults on;
// one replica is killed mid-ingest, later a second, both restart. Every
// message is stored once, every cursor reaches the end, no corp is ever
// pulled by two replicas at once, and every message's media is downloaded
// into the one shared blob store exactly once.
func TestServeReplicasShareTheArchive(t *testing.T) {
	loadtest.Gate(t)
	const perCorp = 1500 // two pages of the default 1000
	dsn := storetest.NewMigratedPostgresDB(t)
	cfg, corps, blobDir := replicaSetup(t, dsn, perCorp)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cursor := func(id string) int64 {
		c, err := st.ArchiveCursor(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c.Seq
	}
	midIngest := func(r *servedReplica) func() bool {
		return func() bool {
			for _, n := range r.a.Cluster.Holds() {
				if s := cursor(n[len("archive:"):]); s < perCorp {
					return true
				}
			}
			return false
		}
	}
	// Built first (start-up takes seconds here), served when the test needs them.
	reps := []*servedReplica{buildReplica(t, cfg), buildReplica(t, cfg), buildReplica(t, cfg)}
	reps[0].serve()
	defer func() {
		for _, r := range reps {
			if r != nil {
				r.stop()
			}
		}
	}()
	until(t, "replica 0 ingesting", midIngest(reps[0]))
	reps[1].serve()
	reps[2].serve()
	if !midIngest(reps[0])() {
		t.Log("replica 0 finished its corps before the kill")
	}
	reps[0].kill()
	reps[0] = nil
	until(t, "replica 1 holds a corp", func() bool { return len(reps[1].a.Cluster.Holds()) > 0 })
	reps[1].kill()
	reps[0], reps[1] = serveReplica(t, cfg), serveReplica(t, cfg)
	until(t, "every cursor at the end", func() bool {
		for _, c := range corps {
			if cursor(c.id) != perCorp {
				return false
			}
		}
		return true
	})
	for _, c := range corps {
		msgs, err := st.MessagesAfterSeq(ctx, c.id, 0, perCorp+10)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != perCorp {
			t.Fatalf("%s: %d messages stored, want %d", c.id, len(msgs), perCorp)
		}
		for i, m := range msgs {
			if m.MsgID != c.truth[i].MsgID || m.Seq != int64(i+1) {
				t.Fatalf("%s: position %d holds %s, want %s", c.id, i, m.MsgID, c.truth[i].MsgID)
			}
		}
		if o := c.srv.OverlappingPulls(); o != 0 {
			t.Errorf("%s: %d of %d pulls overlapped another", c.id, o, c.srv.Pulls())
		}
	}
	truth := map[string][]archivesim.Truth{}
	for _, c := range corps {
		truth[c.id] = c.truth
	}
	checkMediaStoredOnce(t, st, blobDir, truth)
}

// until polls cond until it holds; the bound only fails a stuck test.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// simCorp is one corp's archive simulator and what it generated.
type simCorp struct {
	id    string
	srv   *archivesim.Server
	truth []archivesim.Truth
}

// replicaSetup is the config every replica shares: the PostgreSQL at dsn,
// one blob directory, five corps of perCorp messages (a tenth of the slots
// after the first round drawn from the usual mix, so some carry media) on
// archive simulators answering 5% of calls with HTTP 500.
func replicaSetup(t testing.TB, dsn string, perCorp int) (config.Config, []simCorp, string) {
	t.Helper()
	kr, err := archivesim.NewKeyRing(1)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "v1.pem")
	if err := os.WriteFile(keyFile, kr.PEM(1), 0o600); err != nil {
		t.Fatal(err)
	}
	qyapi := httptest.NewServer(http.NotFoundHandler()) // no WeCom API calls are needed here
	t.Cleanup(qyapi.Close)
	cfg := config.Defaults()
	cfg.DB = dsn
	// Longer than a 1000-message page's transaction on a loaded machine, so
	// a live replica keeps its corps; a killed one's move on after it.
	cfg.Cluster.LeaseTTL = config.Duration(5 * time.Second)
	// One blob store for every replica, as a shared volume or bucket is in
	// production; a killed replica's media job is re-leased after 5 s and
	// a failed attempt retried within a second.
	blobDir := t.TempDir()
	cfg.Blob.Dir = blobDir
	cfg.Jobs.Lease, cfg.Jobs.PollInterval = config.Duration(5*time.Second), config.Duration(50*time.Millisecond)
	cfg.Media.InitialBackoff, cfg.Media.MaxBackoff = config.Duration(100*time.Millisecond), config.Duration(time.Second)
	sec := config.NewSecret("sim")
	var corps []simCorp
	for i := range 5 {
		id := fmt.Sprintf("wwreplica%07d", i)
		a, truth := archivesim.Generate(kr, archivesim.Options{Seed: uint64(200 + i), Messages: perCorp, KeyVersions: 1, KeyShare: 20, TextOnly: true, MixEvery: 10})
		srv := archivesim.NewServer(a, archivesim.Config{CorpID: id, Secret: "sim", Faults: &pullFaults{r: rand.New(rand.NewPCG(uint64(i), 3))}})
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)
		corps = append(corps, simCorp{id: id, srv: srv, truth: truth})
		cfg.Corps = append(cfg.Corps, config.Corp{Key: fmt.Sprintf("c%d", i), CorpID: id, BaseURL: qyapi.URL, AgentID: 1000002,
			Secrets:     config.CorpSecrets{Archive: sec},
			ArchiveKeys: []config.ArchiveKey{{Version: 1, PrivateKey: config.NewSecret("file:" + keyFile)}},
			Archive:     config.Archive{Source: "sim", URL: hs.URL, PollInterval: config.Duration(50 * time.Millisecond)}})
	}
	return cfg, corps, blobDir
}

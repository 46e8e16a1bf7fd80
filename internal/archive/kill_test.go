package archive_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

const (
	envKillDSN  = "ARCHIVE_KILL_DSN"
	envKillURL  = "ARCHIVE_KILL_URL"
	envKillKeys = "ARCHIVE_KILL_KEYS"
	envRSSFile  = "ARCHIVE_RSS_FILE" // child writes its peak RSS (kB) here
	envLimit    = "ARCHIVE_LIMIT"    // child's page size (default 25)
)

// TestKillChild is the ingest process the kill test starts and SIGKILLs;
// without the environment it does nothing.
func TestKillChild(t *testing.T) {
	dsn := os.Getenv(envKillDSN)
	if dsn == "" {
		t.Skip("child process of TestIngestSurvivesKill")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	pems := map[int][]byte{}
	for v := 1; v <= 3; v++ {
		b, err := os.ReadFile(filepath.Join(os.Getenv(envKillKeys), fmt.Sprintf("v%d.pem", v)))
		if err != nil {
			t.Fatal(err)
		}
		pems[v] = b
	}
	keys, err := archive.NewKeys(pems)
	if err != nil {
		t.Fatal(err)
	}
	cl := finance.NewSimClient(os.Getenv(envKillURL), testCorp, "sim")
	limit := 25
	if s := os.Getenv(envLimit); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	in := archive.New(st, nil, []archive.Corp{{CorpID: testCorp, Key: "main", Source: cl, Keys: keys}}, archive.Options{Limit: limit})
	if _, err := in.SyncOnce(ctx, testCorp); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv(envRSSFile); p != "" {
		_ = os.WriteFile(p, []byte(peakRSSKB()), 0o600)
	}
}

// TestIngestSurvivesKill SIGKILLs the ingest process at random points, then
// restarts it: every message ends up stored exactly once, and after every
// kill the committed cursor covers exactly the stored messages (seq never
// skips, nothing past the cursor).
func TestIngestSurvivesKill(t *testing.T) {
	loadtest.Gate(t)
	if testing.Short() {
		t.Skip("slow: re-executes the test binary 20+ times")
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		a, truth := archivesim.Generate(keyRing(), archivesim.Options{Seed: 11, Messages: 1500, KeyVersions: 3, TextOnly: true})
		storetest.SeedCorp(t, b.Store, testCorp, "main")
		srv := httptest.NewServer(archivesim.NewServer(a, archivesim.Config{CorpID: testCorp, Secret: "sim"}))
		defer srv.Close()
		keyDir := t.TempDir()
		for v := 1; v <= 3; v++ {
			if err := os.WriteFile(filepath.Join(keyDir, fmt.Sprintf("v%d.pem", v)), keyRing().PEM(v), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
		const runs = 20
		for i := 0; i < runs; i++ {
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), envKillDSN+"="+b.DSN, envKillURL+"="+srv.URL, envKillKeys+"="+keyDir)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(50+r.IntN(400)) * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			checkPrefix(t, b.Store, truth, i)
		}
		final := archive.New(b.Store, nil, []archive.Corp{{CorpID: testCorp, Key: "main",
			Source: finance.NewSimClient(srv.URL, testCorp, "sim"), Keys: portalKeys(t, 1, 2, 3)}}, archive.Options{})
		if _, err := final.SyncOnce(ctx, testCorp); err != nil {
			t.Fatal(err)
		}
		if n := checkPrefix(t, b.Store, truth, runs); n != len(truth) {
			t.Fatalf("after restart: %d of %d messages", n, len(truth))
		}
	})
}

// checkPrefix asserts the store holds exactly the first cursor messages of
// truth, in seq order, and returns how many.
func checkPrefix(t *testing.T, st *store.Store, truth []archivesim.Truth, run int) int {
	t.Helper()
	ctx := context.Background()
	cur, err := st.ArchiveCursor(ctx, testCorp)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := st.MessagesAfterSeq(ctx, testCorp, 0, len(truth)+10)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(msgs)) != cur.Seq || cur.SeqGaps != 0 {
		t.Fatalf("run %d: cursor %d (gaps %d) but %d messages stored", run, cur.Seq, cur.SeqGaps, len(msgs))
	}
	for i, m := range msgs {
		if m.MsgID != truth[i].MsgID || m.Seq != int64(i+1) {
			t.Fatalf("run %d: position %d holds %s seq %d, want %s seq %d", run, i, m.MsgID, m.Seq, truth[i].MsgID, i+1)
		}
	}
	t.Logf("run %d: killed at seq %d", run, cur.Seq)
	return len(msgs)
}

package media_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/media"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
)

const (
	envChildDSN  = "MEDIA_KILL_CHILD_DSN"
	envChildBlob = "MEDIA_KILL_CHILD_BLOB"
	envChildSim  = "MEDIA_KILL_CHILD_SIM"
	envChildMark = "MEDIA_KILL_CHILD_MARK"
)

func TestMain(m *testing.M) {
	if dsn := os.Getenv(envChildDSN); dsn != "" {
		os.Exit(runDoomedPipeline(dsn))
	}
	os.Exit(m.Run())
}

// slowSource delays every chunk and notes progress in a marker file, so
// the parent kills the child in the middle of downloads.
type slowSource struct {
	inner media.Fetcher
	mark  string
}

func (s *slowSource) GetMediaData(ctx context.Context, id, index string) (finance.MediaChunk, error) {
	time.Sleep(150 * time.Millisecond)
	if _, err := os.Stat(s.mark); err == nil {
		// Mid-download already: stall until killed, so a parent slowed by a
		// loaded machine still kills the child before any file is complete.
		<-ctx.Done()
		return finance.MediaChunk{}, ctx.Err()
	}
	c, err := s.inner.GetMediaData(ctx, id, index)
	if err == nil && index != "" {
		_ = os.WriteFile(s.mark, []byte(id), 0o600)
	}
	return c, err
}

// runDoomedPipeline is the child: the real pipeline on the parent's store,
// blob directory and simulator, with a 1 s lease, until SIGKILL.
func runDoomedPipeline(dsn string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	bucket, err := local.New(os.Getenv(envChildBlob))
	if err != nil {
		return 3
	}
	client := finance.NewSimClient(os.Getenv(envChildSim), testCorp, "sim")
	src := &slowSource{inner: client, mark: os.Getenv(envChildMark)}
	r := jobs.New(st, jobs.Options{Workers: 3, Lease: time.Second, PollInterval: 20 * time.Millisecond})
	svc := media.New(media.Deps{Store: st, Jobs: r, Blob: bucket,
		Source: func(string) (media.Fetcher, error) { return src, nil }}, media.Options{Policy: fastPolicy(), Concurrency: 3})
	svc.Register()
	r.Start(ctx, supervise.NewGroup(slog.New(slog.DiscardHandler)))
	select {}
}

// A worker process killed mid-download leaves no half file visible; once
// its lease expires another worker downloads every file again from the
// start, and each ends stored with its md5 right.
func TestKilledWorkerEndsWithEveryFileStored(t *testing.T) {
	loadtest.Gate(t)
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	storetest.SeedCorp(t, b.Store, testCorp, "main")
	blobDir := t.TempDir()
	bucket, err := local.New(blobDir)
	if err != nil {
		t.Fatal(err)
	}
	s := newSim(t, nil)
	r := newRig(t, rigOpts{st: b.Store, bucket: bucket, src: simSource(s)})
	files := map[string][]byte{}
	for i := range 3 {
		id := fmt.Sprintf("k%d", i)
		files[id] = randBytes(3*finance.ChunkSize+100*i+1, uint64(i+7))
		r.enqueue(t, "msg"+id, "alice", s.add(id, "file", id+".bin", files[id]))
	}
	mark := t.TempDir() + "/mark"
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), envChildDSN+"="+b.DSN, envChildBlob+"="+blobDir, envChildSim+"="+s.url, envChildMark+"="+mark)
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(mark); err == nil {
			break
		}
		if time.Now().After(deadline) {
			_ = child.Process.Kill()
			t.Fatal("child never started downloading")
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = child.Process.Kill()
	_ = child.Wait()
	stored := 0
	for _, m := range r.all(t) {
		if m.BlobKey != "" {
			stored++
		}
	}
	if stored == len(files) {
		t.Fatal("the child finished everything before it was killed; the test proves nothing")
	}
	r.start()
	r.wait(t, 3*time.Minute)
	var states []string
	for _, m := range r.all(t) {
		states = append(states, m.SDKFileID+"="+m.State)
		checkStored(t, r, m, files[m.SDKFileID])
		if m.Attempts < 1 {
			t.Fatalf("%s: attempts %d", m.SDKFileID, m.Attempts)
		}
	}
	t.Logf("killed with %d of %d stored; after restart: %s", stored, len(files), strings.Join(states, " "))
}

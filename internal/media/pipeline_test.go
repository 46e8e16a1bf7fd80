package media_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/media"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// checkStored asserts a row is stored with the right bytes.
func checkStored(t *testing.T, r *rig, m store.Media, want []byte) {
	t.Helper()
	obj, err := r.bucket.Open(context.Background(), m.BlobKey)
	if err != nil {
		t.Fatalf("media %s: %v", m.SDKFileID, err)
	}
	defer obj.Close()
	h := sha256.New()
	if _, err := io.Copy(h, obj); err != nil {
		t.Fatal(err)
	}
	want256 := sha256.Sum256(want)
	if got := hex.EncodeToString(h.Sum(nil)); got != m.SHA256 || got != hex.EncodeToString(want256[:]) {
		t.Fatalf("media %s: stored sha256 %s, want %x", m.SDKFileID, got, want256)
	}
}

// flaky10000 fails every 4th call with SDK 10000, which the simulator
// does not inject itself.
type flaky10000 struct {
	inner media.Fetcher
	n     atomic.Int64
}

func (f *flaky10000) GetMediaData(ctx context.Context, id, index string) (finance.MediaChunk, error) {
	if f.n.Add(1)%4 == 0 {
		return finance.MediaChunk{}, finance.NewError(finance.CodeParam, "simulated")
	}
	return f.inner.GetMediaData(ctx, id, index)
}

// Under media10001=0.2, 10002, 10000 and timeouts every file still ends
// stored with its md5 right, on both stores.
func TestPipelineSurvivesSimulatorFaults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		t.Parallel()
		s := newSim(t, newRates(map[string]float64{"media10001": 0.2, "media10002": 0.1, "timeout": 0.05}))
		src := &flaky10000{inner: s.client()}
		r := newRig(t, rigOpts{backend: b.Name, src: func(string) (media.Fetcher, error) { return src, nil }})
		files := map[string][]byte{}
		for i, size := range []int{10, finance.ChunkSize, finance.ChunkSize + 1, 3*finance.ChunkSize + 17, 5000} {
			id := fmt.Sprintf("file%d", i)
			files[id] = randBytes(size, uint64(i+1))
			r.enqueue(t, "msg"+id, "alice", s.add(id, "file", id+".bin", files[id]))
		}
		files["dup"] = files["file4"] // identical content stored once
		r.enqueue(t, "msgdup", "alice", s.add("dup", "file", "dup.bin", files["dup"]))
		r.start()
		r.wait(t, 3*time.Minute)
		ms := r.all(t)
		if len(ms) != len(files) {
			t.Fatalf("%d media rows, want %d", len(ms), len(files))
		}
		keys := map[string]bool{}
		for _, m := range ms {
			if m.BlobKey == "" || m.State == media.StateFailed {
				t.Fatalf("media %s: state %s, last error %q", m.SDKFileID, m.State, m.LastError)
			}
			checkStored(t, r, m, files[m.SDKFileID])
			keys[m.BlobKey] = true
		}
		if len(keys) != len(files)-1 {
			t.Fatalf("%d distinct blobs for %d files with one duplicate", len(keys), len(files))
		}
	})
}

// 10010 (expired) is terminal at once: one attempt, reason kept.
func TestExpiredMediaIsTerminalWithoutRetry(t *testing.T) {
	t.Parallel()
	s := newSim(t, newRates(map[string]float64{"media10010": 1}))
	r := newRig(t, rigOpts{src: simSource(s)})
	r.enqueue(t, "m1", "alice", s.add("gone", "voice", "", []byte("#!AMR\nxxxx")))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateExpired || m.Attempts != 1 || !strings.Contains(m.LastError, "10010") {
		t.Fatalf("state %s attempts %d last_error %q", m.State, m.Attempts, m.LastError)
	}
}

// A file whose bytes never match the message's md5 is retried, then corrupt.
func TestMD5MismatchRetriedThenCorrupt(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	r := newRig(t, rigOpts{src: simSource(s)})
	ref := s.add("bad", "file", "a.pdf", []byte("%PDF-1.4 hello"))
	ref.MD5 = strings.Repeat("0", 32)
	r.enqueue(t, "m1", "alice", ref)
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateCorrupt || m.Attempts != fastPolicy().MaxAttempts || !strings.Contains(m.LastError, "md5") {
		t.Fatalf("state %s attempts %d last_error %q", m.State, m.Attempts, m.LastError)
	}
}

// Without a scanner files wait unscanned, and are not served.
func TestNoScannerLeavesFilesUnscanned(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	r := newRig(t, rigOpts{src: simSource(s)})
	r.enqueue(t, "m1", "alice", s.add("doc", "file", "报告.pdf", []byte("%PDF-1.4 report")))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateUnscanned || m.SniffedType != "application/pdf" || m.TypeMismatch {
		t.Fatalf("%+v", m)
	}
}

// An sdkfileid the archive does not know (10005) fails at once: retrying
// cannot fix it, and the reason is kept.
func TestUnknownFileFailsWithoutRetry(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	r := newRig(t, rigOpts{src: simSource(s)})
	r.enqueue(t, "m1", "alice", archiveRef("nosuchfile", "", 10))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateFailed || m.Attempts != 1 || !strings.Contains(m.LastError, "10005") {
		t.Fatalf("state %s attempts %d last_error %q", m.State, m.Attempts, m.LastError)
	}
}

package media_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/media"
	"wecomadmin/internal/wecomsim/archivesim"
)

// The archive ingester enqueues media inside its message transaction; the
// pipeline then fetches every generated file with its md5 right, and a
// second pull of the same archive adds no rows or jobs.
func TestIngestedArchiveMediaAllStored(t *testing.T) {
	t.Parallel()
	kr, err := archivesim.NewKeyRing(2)
	if err != nil {
		t.Fatal(err)
	}
	arch, _ := archivesim.Generate(kr, archivesim.Options{Seed: 7, Messages: 80})
	hs := httptest.NewServer(archivesim.NewServer(arch, archivesim.Config{CorpID: testCorp, Secret: "sim"}))
	t.Cleanup(hs.Close)
	client := finance.NewSimClient(hs.URL, testCorp, "sim")
	r := newRig(t, rigOpts{src: func(string) (media.Fetcher, error) { return client, nil }})
	keys, err := archive.NewKeys(map[int][]byte{1: kr.PEM(1), 2: kr.PEM(2)})
	if err != nil {
		t.Fatal(err)
	}
	in := archive.New(r.st, r.svc, []archive.Corp{{CorpID: testCorp, Key: "main", Source: client, Keys: keys}}, archive.Options{})
	for range 2 {
		if _, err := in.SyncOnce(context.Background(), testCorp); err != nil {
			t.Fatal(err)
		}
	}
	r.start()
	r.wait(t, 3*time.Minute)
	ms := r.all(t)
	if len(ms) < 10 {
		t.Fatalf("only %d media rows from the generated archive", len(ms))
	}
	kinds := map[string]int{}
	for _, m := range ms {
		kinds[m.Kind]++
		data, ok := arch.Media(m.SDKFileID)
		if !ok {
			t.Fatalf("row for unknown sdkfileid %s", m.SDKFileID)
		}
		if m.BlobKey == "" {
			t.Fatalf("%s (%s): state %s, last error %q", m.SDKFileID, m.Kind, m.State, m.LastError)
		}
		checkStored(t, r, m, data)
	}
	counts, _ := r.st.JobCounts(context.Background())
	var jobs int64
	for _, c := range counts {
		if c.Kind == media.KindDownload {
			jobs += c.N
		}
	}
	if jobs != int64(len(ms)) {
		t.Fatalf("%d jobs for %d media rows", jobs, len(ms))
	}
	t.Logf("media by kind: %v", kinds)
}

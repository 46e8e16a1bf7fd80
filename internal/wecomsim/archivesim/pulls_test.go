package archivesim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/wecomsim/archivesim"
)

// heldFaults holds every call at its "slow" decision until release is
// closed, so calls can be made to overlap on purpose.
type heldFaults struct{ release chan struct{} }

func (h heldFaults) Hit(name string) bool {
	if name == "slow" {
		<-h.release
	}
	return false
}

func TestPullsCountedPerCaller(t *testing.T) {
	a, _ := archivesim.Generate(keys(), archivesim.Options{Seed: 3, Messages: 40, KeyVersions: 2})
	held := heldFaults{release: make(chan struct{})}
	srv := archivesim.NewServer(a, archivesim.Config{CorpID: "wwc", Secret: "replica-a", Also: []string{"replica-b"}, Faults: held})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	var wg sync.WaitGroup
	pull := func(secret string, want int64) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := finance.NewSimClient(hs.URL, "wwc", secret)
			if _, err := c.GetChatData(context.Background(), finance.ChatRequest{Limit: 10}); err != nil {
				t.Error(err)
			}
		}()
		deadline := time.Now().Add(10 * time.Second)
		for srv.PullStats().Pulls < want {
			if time.Now().After(deadline) {
				t.Fatalf("pull %d never arrived", want)
			}
			time.Sleep(time.Millisecond)
		}
	}
	pull("replica-a", 1)
	pull("replica-a", 2) // the same caller again: overlaps, but not another caller
	if st := srv.PullStats(); st.OverlappingPulls != 1 || st.OverlappingCallers != 0 {
		t.Fatalf("after a's second pull: %+v", st)
	}
	pull("replica-b", 3)
	close(held.release)
	wg.Wait()
	pull("replica-b", 4) // nothing in flight now
	wg.Wait()

	resp, err := http.Get(hs.URL + "/sim/archive/pulls")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got archivesim.PullStats
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Pulls != 4 || got.OverlappingPulls != 2 || got.OverlappingCallers != 1 || len(got.Callers) != 2 {
		t.Fatalf("stats %+v", got)
	}
	if got.Messages != a.Len() || got.LastSeq != int64(a.Len()) || got.Media != a.MediaCount() || got.Media == 0 {
		t.Fatalf("extent %+v, archive holds %d records and %d files", got, a.Len(), a.MediaCount())
	}
	for name, n := range got.Callers {
		if n != 2 || len(name) < 10 || name == "replica-a" || name == "replica-b" {
			t.Fatalf("caller %q: %d pulls (want 2, named without the secret)", name, n)
		}
	}
}

package archive_test

import (
	"context"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// TestTriggerPullsAtOnce: with an hour-long poll interval, a Trigger (the
// msgaudit_notify callback) makes the loop pull new messages right away.
func TestTriggerPullsAtOnce(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	a := archivesim.NewArchive(keyRing())
	r := newRig(t, b.Store, a, rigOpts{ingest: archive.Options{PollInterval: time.Hour}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.in.RunCorp(ctx, testCorp) }()
	waitStatus(t, r, archive.StatusNeverReceived)
	a.Add("n1", 1, []byte(`{"msgid":"n1","action":"send","from":"a","tolist":["b"],"msgtime":1,"msgtype":"text","text":{"content":"新消息"}}`))
	if !r.in.Trigger(testCorp) || r.in.Trigger("nope") {
		t.Fatal("Trigger answered wrongly")
	}
	waitStatus(t, r, archive.StatusOK)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func waitStatus(t *testing.T, r *rig, want string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		cur, err := r.st.ArchiveCursor(context.Background(), testCorp)
		if err == nil && cur.Status == want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("status never became %s", want)
}

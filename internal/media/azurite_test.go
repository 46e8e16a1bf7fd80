package media_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"wecomadmin/internal/blob/azure"
	"wecomadmin/internal/media"
)

// A file goes through the pipeline into Azurite and back out through Open,
// here for a corp that allows unscanned viewing (scanning off): the opened
// item says it is unscanned.
func TestAzuriteRoundTripThroughPipeline(t *testing.T) {
	t.Parallel()
	cs := os.Getenv("WECOMADMIN_TEST_AZURITE")
	need(t, cs != "", "WECOMADMIN_TEST_AZURITE (scripts/services.sh)")
	bucket, err := azure.New(context.Background(), cs, fmt.Sprintf("media%d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	s := newSim(t, nil)
	r := newRig(t, rigOpts{src: simSource(s), bucket: bucket, deps: func(d *media.Deps) {
		d.Corp = func(string) media.CorpSettings { return media.CorpSettings{AllowUnscanned: true} }
	}})
	data := randBytes(2*1024*1024+123, 42)
	r.enqueue(t, "m1", "alice", s.add("big", "file", "数据.bin", data))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateUnscanned || m.BlobKey == "" {
		t.Fatalf("%+v", m)
	}
	op, err := r.svc.Open(adminCtx(), m.ID, media.Original, "")
	if err != nil {
		t.Fatal(err)
	}
	defer op.Object.Close()
	if !op.Unscanned {
		t.Fatal("unscanned flag not set")
	}
	if _, err := op.Object.Seek(1024*1024, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(op.Object)
	if err != nil || !bytes.Equal(got, data[1024*1024:]) {
		t.Fatalf("read back after seek: %v (%d bytes)", err, len(got))
	}
}

package archive_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// TestSetAndRemoveCorp: a corp set while the ingester exists is pulled with
// the keys it was given; setting it again with more keys replaces them and
// the quarantined records are recovered; a removed corp is unknown and its
// cursor stays.
func TestSetAndRemoveCorp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := storetest.Open(t, "sqlite")
	a := archivesim.NewArchive(keyRing())
	a.Add("s1", 1, []byte(`{"msgid":"s1","action":"send","from":"a","tolist":["b"],"msgtime":1,"msgtype":"text","text":{"content":"一"}}`))
	a.Add("s2", 2, []byte(`{"msgid":"s2","action":"send","from":"a","tolist":["b"],"msgtime":2,"msgtype":"text","text":{"content":"二"}}`))
	r := newRig(t, b.Store, a, rigOpts{versions: []int{1}})
	in := archive.New(b.Store, nil, nil, archive.Options{})
	if _, err := in.SyncOnce(ctx, testCorp); !errors.Is(err, archive.ErrUnknownCorp) {
		t.Fatalf("before SetCorp: %v", err)
	}
	in.SetCorp(archive.Corp{CorpID: testCorp, Key: "main", Source: r.client, Keys: portalKeys(t, 1)})
	res, err := in.SyncOnce(ctx, testCorp)
	if err != nil || res.Stored != 1 || res.Quarantined != 1 || !slices.Equal(in.CorpIDs(), []string{testCorp}) {
		t.Fatalf("first pull: %+v %v %v", res, err, in.CorpIDs())
	}
	in.SetCorp(archive.Corp{CorpID: testCorp, Key: "main", Source: r.client, Keys: portalKeys(t, 1, 2)})
	if n, err := in.RetryQuarantined(ctx, testCorp, b.Store); err != nil || n != 1 {
		t.Fatalf("retry with key v2: %d %v", n, err)
	}
	if len(in.CorpIDs()) != 1 {
		t.Fatalf("set twice, listed %v", in.CorpIDs())
	}
	in.RemoveCorp(testCorp)
	if _, err := in.SyncOnce(ctx, testCorp); !errors.Is(err, archive.ErrUnknownCorp) || len(in.CorpIDs()) != 0 || in.Trigger(testCorp) {
		t.Fatalf("after RemoveCorp: %v %v", err, in.CorpIDs())
	}
	if cur, err := b.Store.ArchiveCursor(ctx, testCorp); err != nil || cur.Seq != 2 {
		t.Fatalf("cursor after removal: %+v %v", cur, err)
	}
}

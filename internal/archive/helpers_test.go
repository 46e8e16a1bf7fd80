package archive_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

const testCorp = "wwsimcorp0000001"

// keyRing is generated once per test binary: RSA-2048 generation is slow.
var keyRing = sync.OnceValue(func() *archivesim.KeyRing {
	kr, err := archivesim.NewKeyRing(3)
	if err != nil {
		panic(err)
	}
	return kr
})

func portalKeys(t testing.TB, versions ...int) *archive.Keys {
	t.Helper()
	pems := map[int][]byte{}
	for _, v := range versions {
		pems[v] = keyRing().PEM(v)
	}
	k, err := archive.NewKeys(pems)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// recorder is a MediaEnqueuer that remembers what was queued.
type recorder struct {
	mu   sync.Mutex
	refs map[string][]archive.MediaRef // msgid → refs
	fail string                        // msgid whose enqueue fails
}

func (r *recorder) EnqueueMedia(_ context.Context, _, msgid string, ref archive.MediaRef) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if msgid == r.fail {
		return context.DeadlineExceeded
	}
	if r.refs == nil {
		r.refs = map[string][]archive.MediaRef{}
	}
	r.refs[msgid] = append(r.refs[msgid], ref)
	return nil
}

type rig struct {
	st      *store.Store
	arch    *archivesim.Archive
	sim     *archivesim.Server
	client  *finance.SimClient
	in      *archive.Ingester
	media   *recorder
	corpKey string
}

type rigOpts struct {
	simCfg   archivesim.Config
	secret   string
	versions []int // portal key versions (default 1,2,3)
	ingest   archive.Options
	timeout  time.Duration
}

func newRig(t testing.TB, st *store.Store, a *archivesim.Archive, o rigOpts) *rig {
	t.Helper()
	storetest.SeedCorp(t, st, testCorp, "main")
	if o.simCfg.CorpID == "" {
		o.simCfg.CorpID, o.simCfg.Secret = testCorp, "sim"
	}
	if o.secret == "" {
		o.secret = "sim"
	}
	if o.versions == nil {
		o.versions = []int{1, 2, 3}
	}
	sim := archivesim.NewServer(a, o.simCfg)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	cl := finance.NewSimClient(srv.URL, testCorp, o.secret)
	if o.timeout > 0 {
		cl.Timeout = o.timeout
	}
	r := &rig{st: st, arch: a, sim: sim, client: cl, media: &recorder{}, corpKey: "main"}
	r.in = archive.New(st, r.media, []archive.Corp{{CorpID: testCorp, Key: "main", Source: cl, Keys: portalKeys(t, o.versions...)}}, o.ingest)
	return r
}

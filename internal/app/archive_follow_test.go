package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/apiclient"
	"wecomadmin/internal/app"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/config"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// servePortal builds and serves a portal instance until the test ends.
func servePortal(t *testing.T, cfg config.Config, logs *syncBuffer) *app.App {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Build(ctx, cfg, logs, app.Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	// The other instance's poll is what the tests wait for: still a poll,
	// a short one.
	a.SetArchiveFollowInterval(200 * time.Millisecond)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("portal shut down with %v", err)
		}
		a.Close()
	})
	return a
}

// follow is how long a background state may take to show (the ingest and
// the other instance's poll); generous, so a loaded machine never fails it.
const follow = 120 * time.Second

// TestArchiveOfCorpAddedThroughAPI: a corp added through the API with a
// simulator archive and a key gets its messages ingested and decrypted,
// on both stores, without a restart; records of a key version it lacks are
// quarantined and stored once that key is added; a second instance on the
// same database follows within its poll; disabling stops the loops with
// the cursor kept. Secrets and keys never reach an answer or the log.
func TestArchiveOfCorpAddedThroughAPI(t *testing.T) {
	t.Parallel()
	kr, err := archivesim.NewKeyRing(2)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			testStoredCorpArchive(t, kind, kr)
		})
	}
}

func testStoredCorpArchive(t *testing.T, kind string, kr *archivesim.KeyRing) {
	ctx := context.Background()
	const corpID, secret = "wwarchui0001", "archive-secret-5d1e77"
	arch := archivesim.NewArchive(kr)
	ver := []int{1, 2, 1, 2, 1} // seq 2 and 4 need a key added later
	for i, v := range ver {
		m := fmt.Sprintf(`{"msgid":"m%d","action":"send","from":"zhangsan","tolist":["wmcust01"],"roomid":"","msgtime":%d,"msgtype":"text","text":{"content":"你好 %d"}}`,
			i+1, time.Now().Add(-time.Hour).UnixMilli()+int64(i), i+1)
		arch.Add(fmt.Sprintf("m%d", i+1), v, []byte(m))
	}
	simSrv := httptest.NewServer(archivesim.NewServer(arch, archivesim.Config{CorpID: corpID, Secret: secret}))
	t.Cleanup(simSrv.Close)

	dir := t.TempDir()
	cfg := app.DemoConfig("127.0.0.1:0", dir, simSrv.URL, corpID)
	cfg.Corps, cfg.Media.Corps = nil, nil
	cfg.Security.SecretsKey = config.NewSecret(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32)))
	cfg.Log.Level = "debug"
	if kind == "postgres" {
		cfg.DB = storetest.NewMigratedPostgresDB(t)
	}
	var logs syncBuffer
	a := servePortal(t, cfg, &logs)
	cfgB := cfg
	cfgB.DataDir = filepath.Join(dir, "b")
	b := servePortal(t, cfgB, &logs) // a second instance on the same database

	tok, _, err := a.Auth.CreateToken(ctx, auth.TokenSpec{Name: "it", Role: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	portal := httptest.NewServer(a.API.Handler())
	t.Cleanup(portal.Close)
	api, _ := apiclient.New(portal.URL)
	api = api.WithToken(tok)
	var answers []string
	do := func(method, path string, body any) {
		t.Helper()
		var out json.RawMessage
		if err := api.Do(ctx, method, path, body, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		answers = append(answers, string(out))
	}

	// The corp with its archive secret and key v1, then its archive switched on.
	do("POST", "/api/v1/corps", map[string]any{"corp_id": corpID, "key": "archui", "name": "UI archive", "base_url": simSrv.URL,
		"secrets":      map[string]string{"archive": secret},
		"archive_keys": []map[string]any{{"version": 1, "private_key": string(kr.PEM(1))}}})
	do("PUT", "/api/v1/corps/archui/archive", map[string]string{"source": "sim", "url": simSrv.URL})

	stats := func() store.ArchiveStats {
		s, err := a.Store.ArchiveStats(ctx, corpID)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	waitFor(t, follow, "v1 messages stored, v2 quarantined", func() bool {
		s := stats()
		return s.Cursor.Seq == 5 && s.Messages == 3 && s.Quarantined["key_version_missing"] == 2
	})
	waitFor(t, follow, "the second instance to follow", func() bool { return slices.Contains(b.Ingester.CorpIDs(), corpID) })

	// Key v2 through its own endpoint: the quarantined records are decrypted now.
	k2, err := api.AddCorpArchiveKey(ctx, "archui", 2, string(kr.PEM(2)))
	if err != nil || k2.Version != 2 || len(k2.Fingerprint) != 64 {
		t.Fatalf("add key v2: %+v %v", k2, err)
	}
	if _, err := api.AddCorpArchiveKey(ctx, "archui", 2, string(kr.PEM(1))); !isCode(err, "bad_archive_key") {
		t.Fatalf("v2 again: %v, want bad_archive_key", err)
	}
	waitFor(t, follow, "quarantined v2 records re-decrypted", func() bool {
		s := stats()
		return s.Messages == 5 && len(s.Quarantined) == 0
	})
	for i := 1; i <= 5; i++ {
		m, err := a.Store.MessageByMsgID(ctx, corpID, fmt.Sprintf("m%d", i))
		if err != nil || m.Content != fmt.Sprintf("你好 %d", i) || m.PublicKeyVer != ver[i-1] {
			t.Fatalf("message m%d: %+v %v", i, m, err)
		}
	}
	do("GET", "/api/v1/corps/archui/archive", nil)
	if v, err := api.CorpArchive(ctx, "archui"); err != nil || v.Secret != "set" || len(v.Keys) != 2 || v.Keys[1].Fingerprint != k2.Fingerprint {
		t.Fatalf("archive view: %+v %v", v, err)
	}
	do("GET", "/api/v1/corps", nil)

	// `wecomadmin ingest` pulls the stored corp too.
	cli := archive.New(a.Store, nil, nil, archive.Options{})
	closeCLI, err := app.AddStoredArchives(ctx, cfg, a.Store, cli, a.Log)
	if err != nil || !slices.Equal(cli.CorpIDs(), []string{corpID}) {
		t.Fatalf("ingest command corps: %v %v", cli.CorpIDs(), err)
	}
	if res, err := cli.SyncOnce(ctx, corpID); err != nil || res.LastSeq != 5 {
		t.Fatalf("ingest command pull: %+v %v", res, err)
	}
	closeCLI()

	// Switched off: both instances stop the corp's loop; the cursor stays.
	do("PUT", "/api/v1/corps/archui/archive", map[string]string{"source": ""})
	for name, inst := range map[string]*app.App{"this": a, "the other": b} {
		waitFor(t, follow, name+" instance to stop the loop", func() bool { return !slices.Contains(inst.Ingester.CorpIDs(), corpID) })
	}
	if s := stats(); s.Cursor.Seq != 5 || s.Messages != 5 {
		t.Fatalf("after disabling: seq %d, %d messages", s.Cursor.Seq, s.Messages)
	}

	leaks := []string{secret, "PRIVATE KEY", string(kr.PEM(1))[40:90], string(kr.PEM(2))[40:90]}
	for _, leak := range leaks {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("the log holds a secret or key (%.12q…)", leak)
		}
		for _, ans := range answers {
			if strings.Contains(ans, leak) {
				t.Errorf("an answer holds a secret or key: %s", ans)
			}
		}
	}
	if !strings.Contains(strings.Join(answers, "\n"), `"secret":"set"`) {
		t.Errorf("the archive view does not say the secret is set: %v", answers)
	}
}

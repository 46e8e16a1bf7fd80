package audit_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

const testKey = "test-signing-key-0123456789abcdef-xyz"

func newRecorder(t testing.TB, b storetest.Backend) *audit.Recorder {
	t.Helper()
	sg, err := audit.NewSigner(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return audit.New(b.Store, nil, sg)
}

func record(t testing.TB, r *audit.Recorder, n int) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), "system:test")
	for i := range n {
		if err := r.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: fmt.Sprintf("q%d", i),
			Metadata: map[string]any{"q": "你好", "i": i}}); err != nil {
			t.Fatal(err)
		}
	}
}

func mustVerify(t *testing.T, r *audit.Recorder) audit.Report {
	t.Helper()
	rep, err := r.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestRecordTakesActorAndRequestMeta(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		ctx := reqmeta.With(context.Background(), reqmeta.Meta{RequestID: "rid1", IP: "10.0.0.1", UserAgent: "ua"})
		ctx = auth.WithPrincipal(ctx, auth.Principal{ID: 7, Name: "alice", Kind: auth.KindAdmin})
		if err := r.Record(ctx, audit.Event{Action: audit.ConversationOpen, Target: "conversation:x", CorpID: "ww1",
			Metadata: map[string]any{"b": 1, "a": "z"}}); err != nil {
			t.Fatal(err)
		}
		if err := r.Record(audit.WithActor(context.Background(), "system:ingest"), audit.Event{Action: audit.JobRun}); err != nil {
			t.Fatal(err)
		}
		es, next, err := r.List(context.Background(), audit.Filter{})
		if err != nil || next != "" || len(es) != 2 {
			t.Fatalf("list: %v %q %d", err, next, len(es))
		}
		e := es[1]
		if e.Actor != "alice" || e.ActorType != "admin" || e.IP != "10.0.0.1" || e.RequestID != "rid1" || e.UserAgent != "ua" ||
			e.Outcome != "success" || e.Metadata != `{"a":"z","b":1}` || e.PrevHash != store.GenesisHash || e.CorpID != "ww1" {
			t.Fatalf("entry = %+v", e)
		}
		if es[0].Actor != "system:ingest" || es[0].ActorType != "system" || es[0].PrevHash != e.Hash {
			t.Fatalf("system entry = %+v", es[0])
		}
		if rep := mustVerify(t, r); !rep.Intact || rep.Checked != 2 {
			t.Fatalf("verify = %+v", rep)
		}
	})
}

func TestRecordJoinsCallersTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		ctx := context.Background()
		err := b.Store.WithTx(ctx, func(ctx context.Context) error {
			if err := r.Record(ctx, audit.Event{Action: audit.CorpUpdate}); err != nil {
				return err
			}
			return fmt.Errorf("change failed")
		})
		if err == nil {
			t.Fatal("want error")
		}
		if _, _, n, _ := b.Store.AuditHead(ctx); n != 0 {
			t.Fatalf("rolled-back change left %d audit entries", n)
		}
	})
}

func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		const workers, each = 12, 20
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := audit.WithActor(context.Background(), fmt.Sprintf("system:w%d", w))
				for i := range each {
					// Half inside a caller's transaction with another write, half alone.
					var err error
					if i%2 == 0 {
						err = b.Store.WithTx(ctx, func(ctx context.Context) error {
							_, err := b.Store.ListAdmins(ctx)
							if err != nil {
								return err
							}
							return r.Record(ctx, audit.Event{Action: audit.SettingsUpdate, Target: fmt.Sprint(i)})
						})
					} else {
						err = r.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: fmt.Sprint(i)})
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		rep := mustVerify(t, r)
		if !rep.Intact || rep.Checked != workers*each {
			t.Fatalf("verify after concurrent writes = %+v", rep)
		}
	})
}

// rawDB opens the same database directly, as an attacker with SQL access would.
func rawDB(t *testing.T, b storetest.Backend) *sql.DB {
	t.Helper()
	d, conn, err := store.ParseDSN(b.DSN)
	if err != nil {
		t.Fatal(err)
	}
	driver := "pgx"
	if d == store.SQLite {
		driver, conn = "sqlite", "file:"+conn+"?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// The attacker first removes the append-only guard.
	stmts := []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`}
	if d == store.Postgres {
		stmts = []string{`ALTER TABLE audit_events DISABLE TRIGGER USER`}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestTamperingIsDetectedAtTheRightEntry(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		tamper    []string
		brokenAt  int64
		reasonHas string
	}{
		{"edit", []string{`UPDATE audit_events SET target = 'innocent' WHERE id = 5`}, 5, "altered"},
		{"edit metadata", []string{`UPDATE audit_events SET metadata = '{"q":"x"}' WHERE id = 9`}, 9, "altered"},
		{"delete", []string{`DELETE FROM audit_events WHERE id = 4`}, 5, "missing"},
		{"delete first", []string{`DELETE FROM audit_events WHERE id = 1`}, 2, "missing"},
		{"swap two rows", []string{
			`UPDATE audit_events SET id = 1000 WHERE id = 3`,
			`UPDATE audit_events SET id = 3 WHERE id = 6`,
			`UPDATE audit_events SET id = 6 WHERE id = 1000`,
		}, 3, "altered"},
		{"delete the end", []string{`DELETE FROM audit_events WHERE id >= 9`}, 9, "deleted from the end"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				r := newRecorder(t, b)
				record(t, r, 10)
				if _, err := r.Checkpoint(context.Background()); err != nil {
					t.Fatal(err)
				}
				db := rawDB(t, b)
				for _, s := range c.tamper {
					if _, err := db.Exec(s); err != nil {
						t.Fatalf("%s: %v", s, err)
					}
				}
				rep := mustVerify(t, r)
				if rep.Intact || rep.FirstBrokenID == nil || *rep.FirstBrokenID != c.brokenAt || !contains(rep.Reason, c.reasonHas) {
					t.Fatalf("verify = %+v (broken %v); want broken at %d with %q", rep, deref(rep.FirstBrokenID), c.brokenAt, c.reasonHas)
				}
			})
		})
	}
}

func TestRewrittenChainIsCaughtByCheckpoint(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		record(t, r, 6)
		if _, err := r.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
		// The attacker edits entry 2 and re-hashes everything after it.
		db := rawDB(t, b)
		ctx := context.Background()
		es, err := b.Store.AuditAfter(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		prev := store.GenesisHash
		for _, e := range es {
			if e.ID == 2 {
				e.Target = "forged"
			}
			e.PrevHash = prev
			e.Hash = audit.Hash(e)
			prev = e.Hash
			q := `UPDATE audit_events SET target = $1, prev_hash = $2, hash = $3 WHERE id = $4`
			if _, err := db.Exec(q, e.Target, e.PrevHash, "tmp"+fmt.Sprint(e.ID), e.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`UPDATE audit_events SET hash = $1 WHERE id = $2`, e.Hash, e.ID); err != nil {
				t.Fatal(err)
			}
		}
		rep := mustVerify(t, r)
		if rep.Intact || *rep.FirstBrokenID != 6 || !contains(rep.Reason, "checkpoint") {
			t.Fatalf("verify = %+v", rep)
		}
	})
}

func TestAppendOnlyRefusesUpdateAndDelete(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		record(t, r, 2)
		d, conn, _ := store.ParseDSN(b.DSN)
		driver := "pgx"
		if d == store.SQLite {
			driver, conn = "sqlite", "file:"+conn
		}
		db, err := sql.Open(driver, conn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		stmts := []string{`UPDATE audit_events SET target = 'x' WHERE id = 1`, `DELETE FROM audit_events WHERE id = 2`}
		if d == store.Postgres {
			stmts = append(stmts, `TRUNCATE audit_events`)
		}
		for _, s := range stmts {
			if _, err := db.Exec(s); err == nil || !contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v; want append-only refusal", s, err)
			}
		}
		if rep := mustVerify(t, r); !rep.Intact {
			t.Fatalf("verify = %+v", rep)
		}
	})
}

func TestCheckpointsAreSignedAndIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		record(t, r, 3)
		ctx := context.Background()
		c1, err := r.Checkpoint(ctx)
		if err != nil || c1.LastEventID != 3 || c1.EventCount != 3 {
			t.Fatalf("checkpoint = %+v %v", c1, err)
		}
		c2, _ := r.Checkpoint(ctx)
		if c2.ID != c1.ID {
			t.Fatalf("unchanged head wrote a second checkpoint")
		}
		cs, err := r.Checkpoints(ctx, 10)
		if err != nil || len(cs) != 1 || !cs[0].Valid {
			t.Fatalf("checkpoints = %+v %v", cs, err)
		}
		other, _ := audit.NewSigner("another-key-0123456789abcdef-0123456")
		if other.Verify(c1) {
			t.Fatal("signature verified under another key")
		}
		if _, err := audit.New(b.Store, nil, nil).Checkpoint(ctx); err != audit.ErrNoSigner {
			t.Fatalf("no signer: %v", err)
		}
	})
}

func TestExportCSVIsAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		record(t, r, 3)
		ctx := auth.WithPrincipal(context.Background(), auth.Principal{Name: "aud", Kind: auth.KindAdmin, Grants: []auth.Grant{{Role: auth.RoleAuditor}}})
		x, err := r.ExportCSV(ctx, audit.Filter{Action: audit.MessagesSearch})
		if err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		if err := x.WriteTo(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		csv, digest := buf.String(), x.SHA256
		if sum := sha256.Sum256([]byte(csv)); hex.EncodeToString(sum[:]) != digest || x.Rows != 3 {
			t.Fatalf("digest %s rows %d; the file hashes to %x", digest, x.Rows, sum)
		}
		if err != nil || !contains(csv, "messages.search") || len(digest) != 64 {
			t.Fatalf("export: %v %s", err, csv)
		}
		if !strings.HasPrefix(csv, "\ufeffid,at,") {
			t.Fatalf("export does not start with a UTF-8 BOM and the header: %q", csv[:min(len(csv), 20)])
		}
		es, _, _ := r.List(ctx, audit.Filter{Action: audit.AuditExport})
		if len(es) != 1 || es[0].Actor != "aud" || !contains(es[0].Metadata, digest) || !contains(es[0].Metadata, `"rows":3`) {
			t.Fatalf("export audit entry = %+v", es)
		}
	})
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRecorder(t, b)
		record(t, r, 7)
		ctx := context.Background()
		_ = r.Record(ctx, audit.Event{Action: audit.AuthLogin, Outcome: audit.Failure, Target: "admin:eve"})
		var got []int64
		f := audit.Filter{Action: "messages.", Limit: 3}
		for {
			es, next, err := r.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				got = append(got, e.ID)
			}
			if next == "" {
				break
			}
			fmt.Sscan(next, &f.BeforeID)
		}
		if fmt.Sprint(got) != "[7 6 5 4 3 2 1]" {
			t.Fatalf("pages = %v", got)
		}
		es, _, _ := r.List(ctx, audit.Filter{Outcome: audit.Failure, Target: "eve"})
		if len(es) != 1 || es[0].Action != audit.AuthLogin {
			t.Fatalf("filter = %+v", es)
		}
	})
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestActionCatalog keeps codes unique and resource.verb shaped, and holds
// the actions the auth package records by name (it cannot import audit).
func TestActionCatalog(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	re := regexp.MustCompile(`^[a-z][a-z_]*\.[a-z_]+$`) // resource may be snake_case (wecom_user, welcome_template): codes already in the chain
	for _, a := range audit.Actions() {
		if seen[a] || !re.MatchString(a) {
			t.Errorf("action %q duplicated or badly formed", a)
		}
		seen[a] = true
	}
	for _, a := range []string{"auth.login", "auth.logout", "auth.logout_all", "admin.create", "admin.update_roles",
		"admin.enable", "admin.disable", "token.create", "token.revoke"} {
		if !seen[a] {
			t.Errorf("auth records %q, which is not in the catalog", a)
		}
	}
}

// countingWriter counts the writes an export makes while it runs.
type countingWriter struct {
	writes, bytes int
	h             [][]byte
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	c.bytes += len(p)
	c.h = append(c.h, append([]byte(nil), p...))
	return len(p), nil
}

// The audit CSV is streamed a page at a time (it was built whole in memory,
// up to MaxExportRows entries), holds exactly the entries there were when
// the export was recorded, and hashes to the digest in the chain.
func TestExportCSVStreams(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	r := newRecorder(t, b)
	ctx := context.Background()
	const n = 1500 // more than one page
	if err := b.Store.WithTx(ctx, func(ctx context.Context) error {
		for i := range n {
			if err := r.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: fmt.Sprint("q", i)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	x, err := r.ExportCSV(ctx, audit.Filter{})
	if err != nil || x.Rows != n {
		t.Fatalf("export: %v rows %d", err, x.Rows)
	}
	_ = r.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: "after"}) // not in the file
	var w countingWriter
	if err := x.WriteTo(ctx, &w); err != nil {
		t.Fatal(err)
	}
	if w.writes < 10 {
		t.Fatalf("%d bytes in %d writes: not streamed", w.bytes, w.writes)
	}
	var all []byte
	for _, p := range w.h {
		all = append(all, p...)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(all), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != n+1 || recs[1][7] != fmt.Sprint("q", n-1) || recs[n][7] != "q0" {
		t.Fatalf("%v: %d records", err, len(recs))
	}
	// An empty export is the BOM and the header, never this export's own entry.
	x, err = r.ExportCSV(ctx, audit.Filter{Action: "no.such"})
	var buf strings.Builder
	if err != nil || x.WriteTo(ctx, &buf) != nil || buf.String() != "\ufeffid,at,actor,actor_type,ip,user_agent,action,target,corp_id,outcome,reason,request_id,metadata,prev_hash,hash\n" {
		t.Fatalf("empty export: %v %q", err, buf.String())
	}
}

package search_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"wecomadmin/internal/search/corpus"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// benchSize reads WECOMADMIN_BENCH_MESSAGES (default 200,000; the issue's
// figure is 10,000,000). Generated databases are cached under
// /tmp/wecomadmin-bench keyed by size, schema and corpus version, so only
// the first run at a size pays for the load.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("WECOMADMIN_BENCH_MESSAGES")); err == nil && n > 0 {
		return n
	}
	return 200_000
}

var benchCorps = []string{"wwbench0", "wwbench1", "wwbench2", "wwbench3", "wwbench4"}

const benchEmployees = 2000

// The corpus spans 24 months at every size (less two days, so the last
// messages stay inside the 24th month's partition), ending before today:
// a search without a time bound walks 24 month partitions newest first.
var (
	benchStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	benchEnd   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

func benchCorpus(n int) corpus.Config {
	return corpus.Config{Seed: 42, Corps: benchCorps, Employees: benchEmployees, Start: benchStart,
		Step: (benchEnd - benchStart - 2*86_400_000) / int64(n)}
}

type queryClass struct {
	name  string
	terms []string
}

// The fixed query set, by class.
var queryClasses = []queryClass{
	{"cjk1", []string{"药", "会", "科", "查"}},
	{"cjk2", []string{"不良", "皮疹", "会议", "随访"}},
	{"cjk3", []string{"胰岛素", "肿瘤科", "白细胞", "继续教"}},
	{"cjk4", []string{"不良反应", "临床试验", "骨髓抑制", "用药依从"}},
	{"english", []string{"meeting", "adverse", "iphone", "egfr"}},
	{"phone", []string{"0013", "1380", "8612", "55667"}},
	{"rare", []string{corpus.RareTerm, "白细胞减少 CME", "阿司匹林"}},
}

// Several terms with employee, msgtype and time-range filters.
var filteredQueries = []string{"不良 会议", "药 随访", "meeting 好的", "胰岛素 剂量", "患者 0013", `"ＰＤ－１抑制剂" -会议`}

type loadInfo struct {
	N            int     `json:"n"`
	Rate         float64 `json:"rate"`
	Seconds      float64 `json:"seconds"`
	EndMS        int64   `json:"end_ms"`
	CopySeconds  float64 `json:"copy_seconds,omitempty"` // PostgreSQL: COPY, then index builds
	IndexSeconds float64 `json:"index_seconds,omitempty"`
}

// BenchmarkSearch: first page of 50 newest hits per query class, single
// term over a corp and several terms with filters, on both stores, beside
// a LIKE '%term%' scan of the same table in the same run; also the load's
// index build rate and the index size as a share of the text size.
func BenchmarkSearch(b *testing.B) {
	n := benchSize()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			st, info, dsn := benchDB(b, kind, n)
			if kind == "postgres" {
				conn, err := pgx.Connect(context.Background(), dsn)
				if err != nil {
					b.Fatal(err)
				}
				reportPGSizes(b, conn)
				_ = conn.Close(context.Background())
			}
			ctx := context.Background()
			// SQLite runs in this goroutine: pinned to one thread, its CPU time
			// per query is a latency figure the shared machine's load does not
			// inflate (reported as cpu_*; PostgreSQL's work is in its server).
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			all := store.MessageFilter{CorpID: benchCorps[0], Scope: store.DeptScope{All: true}}
			filtered := all
			filtered.Employee, filtered.MsgTypes = "e10", []string{"text"}
			filtered.From, filtered.To = benchStart+(info.EndMS-benchStart)/2, info.EndMS
			narrow, wide := all, all
			narrow.Scope = store.DeptScope{Paths: []string{benchNarrowDept}}
			wide.Scope = store.DeptScope{Paths: []string{benchWideDept}}
			lat := map[string][]time.Duration{}
			slowest := map[string]string{}
			run := func(class, qs string, f store.MessageFilter) {
				q, err := textindex.Parse(qs)
				if err != nil {
					b.Fatal(err)
				}
				t0, c0 := time.Now(), threadCPU()
				if _, err := st.SearchMessages(ctx, q, f, 51); err != nil {
					b.Fatal(err)
				}
				d := time.Since(t0)
				lat["cpu_"+class] = append(lat["cpu_"+class], threadCPU()-c0)
				if len(lat[class]) == 0 || d > slices.Max(lat[class]) {
					slowest[class] = fmt.Sprintf("%s %.1fms", qs, float64(d.Microseconds())/1000)
				}
				lat[class] = append(lat[class], d)
			}
			b.ResetTimer()
			for range b.N {
				for range 5 {
					for _, c := range queryClasses {
						for _, qs := range c.terms {
							run(c.name, qs, all)
							run("single", qs, all)
						}
					}
					for _, qs := range filteredQueries {
						run("filtered", qs, filtered)
					}
					for _, c := range queryClasses[:5] { // a scoped reviewer, no party filter
						for _, qs := range c.terms {
							run("scoped", qs, narrow)
							run("scoped_wide", qs, wide)
						}
					}
				}
				for _, c := range queryClasses {
					q, _ := textindex.Parse(c.terms[0])
					t0 := time.Now()
					if _, _, err := st.CountSearch(ctx, q, all, 10000); err != nil {
						b.Fatal(err)
					}
					lat["count10k"] = append(lat["count10k"], time.Since(t0))
				}
			}
			b.StopTimer()
			for _, c := range queryClasses { // the baseline: slow, so one term per class, once
				t0 := time.Now()
				if _, err := st.LikeCountMessages(ctx, benchCorps[0], textindex.Normalize(c.terms[0])); err != nil {
					b.Fatal(err)
				}
				lat["like"] = append(lat["like"], time.Since(t0))
			}
			b.Logf("%s at %d messages: slowest per class %v", kind, n, slowest)
			b.ReportMetric(float64(n), "messages")
			for _, c := range append(queryClasses, queryClass{name: "single"}, queryClass{name: "filtered"},
				queryClass{name: "scoped"}, queryClass{name: "scoped_wide"}) {
				b.ReportMetric(pct(lat[c.name], .5), c.name+"_p50_ms")
				b.ReportMetric(pct(lat[c.name], .95), c.name+"_p95_ms")
				if kind == "sqlite" && (c.name == "single" || c.name == "filtered" || c.name == "scoped") {
					b.ReportMetric(pct(lat["cpu_"+c.name], .5), "cpu_"+c.name+"_p50_ms")
					b.ReportMetric(pct(lat["cpu_"+c.name], .95), "cpu_"+c.name+"_p95_ms")
				}
			}
			b.ReportMetric(pct(lat["count10k"], .5), "count10k_p50_ms")
			b.ReportMetric(pct(lat["like"], .5), "like_scan_p50_ms")
			b.ReportMetric(pct(lat["like"], .5)/pct(lat["single"], .5), "speedup_vs_like_p50_x")
			b.ReportMetric(info.Rate, "load_with_index_msgs/s")
			idx, text, err := st.SearchIndexSize(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(idx)/float64(max(text, 1)), "index/text_size")
		})
	}
}

// threadCPU is the CPU time of the calling OS thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	d = slices.Clone(d)
	slices.Sort(d)
	return float64(d[min(len(d)-1, int(float64(len(d))*p))].Microseconds()) / 1000
}

// benchDB opens the cached database of n generated messages for kind,
// generating it first when absent.
func benchDB(b *testing.B, kind string, n int) (*store.Store, loadInfo, string) {
	ctx := context.Background()
	probe := storetest.Open(b, "sqlite")
	_, schema, err := probe.Store.MigrationStatus(ctx)
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(os.TempDir(), "wecomadmin-bench")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		b.Fatal(err)
	}
	key := fmt.Sprintf("search_s%d_c%d_n%d", schema, corpus.Version, n)
	side := filepath.Join(dir, key+"."+kind+".json")
	var dsn string
	switch kind {
	case "sqlite":
		dsn = "sqlite:" + filepath.Join(dir, key+".db")
	case "postgres":
		admin := os.Getenv(storetest.EnvPostgres)
		if admin == "" {
			b.Skip("postgres: " + storetest.EnvPostgres + " not set")
		}
		u, err := url.Parse(admin)
		if err != nil {
			b.Fatal(err)
		}
		u.Path = "/wa_bench_" + key
		dsn = u.String()
	}
	var info loadInfo
	if kind == "sqlite" {
		upgradeCached(b, dir, key, schema, n)
	} else {
		upgradeCachedPG(b, dir, key, schema, n)
	}
	_, missing := os.Stat(strings.TrimPrefix(dsn, "sqlite:")) // a PostgreSQL DSN is no file: Open's ping checks it
	if raw, err := os.ReadFile(side); err == nil && json.Unmarshal(raw, &info) == nil && info.N == n &&
		(kind != "sqlite" || missing == nil) {
		if st, err := store.Open(ctx, dsn, nil); err == nil {
			b.Cleanup(func() { _ = st.Close() })
			finishBackfill(b, st)
			mergeIndex(b, st)
			seedBenchEmployees(b, st)
			return st, info, dsn
		}
	}
	_ = os.Remove(side)
	if kind == "sqlite" {
		p := dsn[len("sqlite:"):]
		for _, f := range []string{p, p + "-wal", p + "-shm"} {
			_ = os.Remove(f)
		}
	} else {
		recreatePG(b, "wa_bench_"+key)
	}
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if kind == "postgres" {
		info = loadPG(b, st, dsn, n)
	} else {
		info = load(b, st, n)
	}
	mergeIndex(b, st)
	seedBenchEmployees(b, st)
	raw, _ := json.Marshal(info)
	if err := os.WriteFile(side, raw, 0o640); err != nil {
		b.Fatal(err)
	}
	return st, info, dsn
}

func recreatePG(b *testing.B, name string) {
	db, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		b.Fatal(err)
	}
}

// load writes n generated messages in pages of 5,000 through the store's
// page insert (the index updated in the same transaction) and returns the
// rate the store sustained (generation not counted). SQLite; PostgreSQL
// loads with COPY (loadPG).
func load(b *testing.B, st *store.Store, n int) loadInfo {
	ctx := context.Background()
	for i, c := range benchCorps {
		storetest.SeedCorp(b, st, c, "bench"+strconv.Itoa(i))
	}
	g := corpus.New(benchCorpus(n))
	page := make([]store.Message, 0, 5000)
	var spent time.Duration
	var end int64
	for done := 0; done < n; {
		page = page[:0]
		for len(page) < cap(page) && done+len(page) < n {
			page = append(page, g.Next())
		}
		end = page[len(page)-1].MsgTime
		t0 := time.Now()
		if _, err := st.InsertMessages(ctx, page); err != nil {
			b.Fatal(err)
		}
		spent += time.Since(t0)
		done += len(page)
		if done%500_000 < len(page) {
			b.Logf("loaded %d of %d (%.0f msgs/s)", done, n, float64(done)/spent.Seconds())
		}
	}
	// Planner statistics, as PRAGMA optimize would leave them.
	if err := st.ExecRaw(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return loadInfo{N: n, Rate: float64(n) / spent.Seconds(), Seconds: spent.Seconds(), EndMS: end}
}

package monitor

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

const benchCatalog = `products:
  - name: Glucerra
    aliases: [格鲁克拉, gelukela]
    generic: glucerrin
    approved_uses: [2型糖尿病]
    not_approved_uses: [1型糖尿病, 减肥]
    min_age_years: 18
    sex: any
    max_daily_dose_mg: 2000
`

// BenchmarkIngestMonitoring measures what monitoring adds to ingest, the
// issue's bound being 10%. "wecom_keys" is the archive as WeCom serves it
// (every message its own RSA-encrypted key, so RSA dominates);
// "shared_keys" shares a key across 100 messages, leaving the store and
// the detectors as the cost: the worst case for monitoring's share.
//
// A shared 2-core box swings by tens of percent from one second to the
// next, so a ratio of totals (one slow run on either side moves it all) or
// a single pair says little. The benchmark therefore:
//   - runs pairs: each pair ingests the same messages without and then
//     with monitoring (the order alternating per pair, so neither side
//     always runs on a warmer cache or a quieter neighbour), and reports the
//     MEDIAN of the per-pair overheads, wall and CPU, with their min and max
//     (the spread says how far to trust the median);
//   - runs at least minPairs pairs whatever b.N (make bench runs b.N = 1);
//   - ingests enough messages per side (n) that one GC cycle or one slow
//     fsync is a small share of a run, and collects garbage before each
//     run starts, so one side's garbage is not swept on the other's clock;
//   - gives both sides the same store: same kind and options, the same
//     seeded corp and product catalog, a fresh database each run, closed
//     when the run ends; the only difference is the classifier on ingest.
func BenchmarkIngestMonitoring(b *testing.B) {
	for _, tc := range []struct {
		name     string
		share, n int
	}{{"wecom_keys", 1, 4000}, {"shared_keys", 100, 10000}} {
		b.Run(tc.name, func(b *testing.B) {
			a, _ := archivesim.Generate(simKeys(), archivesim.Options{Seed: 21, Messages: tc.n, TextOnly: true, KeyShare: tc.share})
			_, _ = a.Page(0, tc.n)
			benchIngest(b, a, tc.n)
		})
	}
}

// minPairs is the fewest with/without pairs a median is taken over.
const minPairs = 5

func benchIngest(b *testing.B, a *archivesim.Archive, n int) {
	pairs := max(b.N, minPairs)
	var wall, cpu []float64
	var off, on time.Duration
	for i := 0; i < pairs; i++ {
		var w, c [2]time.Duration // [without, with]
		order := []bool{false, true}
		if i%2 == 1 {
			order = []bool{true, false}
		}
		for _, monitored := range order {
			k := 0
			if monitored {
				k = 1
			}
			w[k], c[k] = benchRun(b, a, n, monitored)
		}
		off, on = off+w[0], on+w[1]
		b.Logf("pair %d: wall %v / %v, cpu %v / %v (without / with)", i, w[0], w[1], c[0], c[1])
		wall = append(wall, 100*(w[1].Seconds()-w[0].Seconds())/w[0].Seconds())
		cpu = append(cpu, 100*(c[1].Seconds()-c[0].Seconds())/c[0].Seconds())
	}
	b.ReportMetric(float64(n*pairs)/off.Seconds(), "msgs/s_without")
	b.ReportMetric(float64(n*pairs)/on.Seconds(), "msgs/s_with")
	slices.Sort(wall)
	slices.Sort(cpu)
	b.ReportMetric(median(wall), "pct_overhead")
	b.ReportMetric(wall[0], "pct_overhead_min")
	b.ReportMetric(wall[len(wall)-1], "pct_overhead_max")
	// CPU time is steadier than wall time on a shared box (the simulator's
	// encryption runs in this process too, on both sides alike).
	b.ReportMetric(median(cpu), "pct_overhead_cpu")
	b.ReportMetric(cpu[0], "pct_overhead_cpu_min")
	b.ReportMetric(cpu[len(cpu)-1], "pct_overhead_cpu_max")
}

// benchRun ingests the archive into a fresh store, with or without
// monitoring, and returns the ingest's wall and CPU time.
func benchRun(b *testing.B, a *archivesim.Archive, n int, monitored bool) (time.Duration, time.Duration) {
	ctx := context.Background()
	be := storetest.Open(b, "sqlite")
	defer be.Store.Close()
	storetest.SeedCorp(b, be.Store, simCorp, "sim")
	svc := New(be.Store, nil, Options{})
	if _, err := svc.SeedCatalog(ctx, []byte(benchCatalog)); err != nil {
		b.Fatal(err)
	}
	var cl *Service
	if monitored {
		// The detector is built once per policy version and process, not
		// per ingest (BenchmarkNew times it): build it before the clock
		// starts, as a running server has.
		if _, err := svc.detectorFor(ctx, simCorp); err != nil {
			b.Fatal(err)
		}
		cl = svc
	}
	runtime.GC()
	start, cpu0 := time.Now(), cpuTime()
	if res := simIngest(b, be.Store, a, cl); res.Stored != n {
		b.Fatalf("stored %d", res.Stored)
	}
	return time.Since(start), cpuTime() - cpu0
}

// median of sorted xs.
func median(xs []float64) float64 {
	m := len(xs) / 2
	if len(xs)%2 == 0 {
		return (xs[m-1] + xs[m]) / 2
	}
	return xs[m]
}

// cpuTime is this process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRetro runs the retroactive run over MONITOR_RETRO_N stored
// messages (default 20,000; the 1,000,000 takes too long on a
// shared 2-core box) and reports messages/s beside classification alone
// on the same texts.
func BenchmarkRetro(b *testing.B) {
	n := 20000
	if s := os.Getenv("MONITOR_RETRO_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	a, _ := archivesim.Generate(simKeys(), archivesim.Options{Seed: 22, Messages: n, TextOnly: true, KeyShare: 100})
	be := storetest.Open(b, "sqlite")
	storetest.SeedCorp(b, be.Store, simCorp, "sim")
	simIngest(b, be.Store, a, nil)
	svc := New(be.Store, nil, Options{})
	if _, err := svc.SeedCatalog(context.Background(), []byte(benchCatalog)); err != nil {
		b.Fatal(err)
	}
	det, _ := svc.detectorFor(context.Background(), simCorp)
	var texts []string
	for _, plain := range a.Plaintexts() {
		p, err := archive.Parse(plain)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, p.Content)
	}
	b.ResetTimer()
	var run, alone, withCtx time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		res, err := svc.Retro(context.Background(), simCorp, nil)
		if err != nil || res.Messages != int64(n) {
			b.Fatalf("%+v %v", res, err)
		}
		run += time.Since(start)
		start = time.Now()
		for _, t := range texts {
			det.det.Classify(detect.Input{Text: t})
		}
		alone += time.Since(start)
		start = time.Now()
		for j, t := range texts {
			det.det.Classify(detect.Input{Text: t, Context: texts[max(0, j-3):j]})
		}
		withCtx += time.Since(start)
	}
	b.ReportMetric(float64(n*b.N)/run.Seconds(), "msgs/s_retro")
	b.ReportMetric(float64(n*b.N)/alone.Seconds(), "msgs/s_classify_only")
	b.ReportMetric(float64(n*b.N)/withCtx.Seconds(), "msgs/s_classify_3_context")
}

package audit_test

import (
	"context"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkAppend measures chained audit appends on each store, beside the
// same-run baseline of a plain single-row insert (a login-history row) that
// has no chain lock, head read or hashing.
func BenchmarkAppend(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			be := storetest.Open(b, kind)
			r := newRecorder(b, be)
			ctx := auth.WithPrincipal(context.Background(), auth.Principal{Name: "bench", Kind: auth.KindAdmin})
			ev := audit.Event{Action: audit.MessagesSearch, Target: "messages", CorpID: "ww1",
				Metadata: map[string]any{"q": "合同 报价", "filters": map[string]any{"from": 1, "msgtype": "text"}}}
			const base = 200
			start := time.Now()
			for range base {
				if err := be.Store.AddLogin(ctx, store.Login{Username: "bench", Method: "local", Outcome: "success"}); err != nil {
					b.Fatal(err)
				}
			}
			baseline := time.Since(start) / base
			b.ResetTimer()
			start = time.Now()
			for b.Loop() {
				if err := r.Record(ctx, ev); err != nil {
					b.Fatal(err)
				}
			}
			el := time.Since(start)
			b.ReportMetric(float64(b.N)/el.Seconds(), "appends/s")
			b.ReportMetric(float64(time.Second/baseline), "baseline_inserts/s")
		})
	}
}

// BenchmarkAppendParallel is the same with concurrent writers (the chain
// serialises them; this shows the ceiling).
func BenchmarkAppendParallel(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			be := storetest.Open(b, kind)
			r := newRecorder(b, be)
			ctx := audit.WithActor(context.Background(), "system:bench")
			start := time.Now()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := r.Record(ctx, audit.Event{Action: audit.MediaPlay, Target: "media:1"}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "appends/s")
		})
	}
}

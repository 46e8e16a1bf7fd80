package httpapi

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// BenchmarkAPICallAudit measures a signed-in API call through the whole
// middleware chain (session lookup, permission, handler) with and without
// an audit entry written by the handler, and reports p50/p99 of each in
// the same run.
func BenchmarkAPICallAudit(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			e := newEnv(b, kind, auth.Options{})
			e.srv.mux.Handle("GET /bench/plain", e.srv.authorize(auth.MessagesRead, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, map[string]int{"items": 0})
			})))
			e.srv.mux.Handle("GET /bench/audited", e.srv.authorize(auth.MessagesRead, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := e.rec.Record(r.Context(), audit.Event{Action: audit.MessagesSearch, Target: "messages",
					Metadata: map[string]any{"q": r.URL.Query().Get("q")}}); err != nil {
					writeError(w, r, e.srv.d.Log, err)
					return
				}
				writeJSON(w, 200, map[string]int{"items": 0})
			})))
			id, _ := e.admin("bench", auth.Grant{Role: auth.RoleReviewer})
			sid, _ := e.session(id)
			call := func(path string) time.Duration {
				r := httptest.NewRequest("GET", path, nil)
				r.AddCookie(&http.Cookie{Name: SessionCookie, Value: sid})
				w := httptest.NewRecorder()
				t0 := time.Now()
				e.h.ServeHTTP(w, r)
				d := time.Since(t0)
				if w.Code != 200 {
					b.Fatalf("%s: %d %s", path, w.Code, w.Body)
				}
				return d
			}
			var plain, audited []time.Duration
			b.ResetTimer()
			for b.Loop() {
				plain = append(plain, call("/bench/plain?q=x"))
				audited = append(audited, call("/bench/audited?q=x"))
			}
			b.StopTimer()
			report := func(ds []time.Duration, name string) {
				slices.Sort(ds)
				b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), name+"_p50_us")
				b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), name+"_p99_us")
			}
			report(plain, "without_audit")
			report(audited, "with_audit")
		})
	}
}

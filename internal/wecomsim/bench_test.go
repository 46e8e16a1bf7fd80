package wecomsim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkServe measures the simulator's own cost per qyapi call (no
// network), against a baseline handler that only writes a small fixed JSON
// reply through a ServeMux, measured in the same run.
func BenchmarkServe(b *testing.B) {
	s := New(Options{Seed: 1, RateLimit: 1 << 30})
	defer s.Close()
	res, _ := s.gettoken(&call{r: httptest.NewRequest("GET", "/cgi-bin/gettoken?corpid=wwsimcorp0000001&corpsecret=sim", nil)})
	tok := res["access_token"].(string)
	var follower string
	for _, f := range s.Directory().Follows() {
		if f.Visible() {
			follower = f.UserID
			break
		}
	}
	run := func(b *testing.B, handler http.Handler, url string) float64 {
		for b.Loop() {
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
			if !strings.Contains(rec.Body.String(), `"errcode":0`) {
				b.Fatal(rec.Body.String())
			}
		}
		return float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	}
	var base float64
	b.Run("baseline", func(b *testing.B) {
		mux := http.NewServeMux()
		mux.HandleFunc("/cgi-bin/user/get", func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, obj{"errcode": 0, "errmsg": "ok", "userid": "x"})
		})
		base = run(b, mux, "/cgi-bin/user/get?userid=x")
	})
	b.Run("user_get", func(b *testing.B) {
		get := run(b, s, "/cgi-bin/user/get?userid="+follower+"&access_token="+tok)
		b.ReportMetric(base, "baseline-ns/call")
		b.ReportMetric(get/base, "x-baseline")
	})
	b.Run("externalcontact_list", func(b *testing.B) {
		ext := run(b, s, "/cgi-bin/externalcontact/list?userid="+follower+"&access_token="+tok)
		b.ReportMetric(base, "baseline-ns/call")
		b.ReportMetric(ext/base, "x-baseline")
	})
}

package wecom

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"wecomadmin/internal/metrics"
	"wecomadmin/internal/wecomsim"
)

// BenchmarkClientOverhead measures one GetUser through the client (token
// cache, rate limiter, metrics, typed decode) against a raw net/http GET of
// the same URL decoded into the same struct, on the same loopback server in
// the same run (ns/op covers one of each): "fake" is a fixed answer, "sim"
// the project's simulator.
func BenchmarkClientOverhead(b *testing.B) {
	b.Run("fake", func(b *testing.B) {
		f := newFake(b)
		f.handle("user/get", answer(`{"errcode":0,"errmsg":"ok","userid":"zhangsan","name":"张三","department":[1,2],"position":"工程师","status":1,"main_department":1}`))
		c := testClient(b, f, func(o *Options) { o.Metrics = metrics.New(); o.Rate, o.Burst = 1e9, 1000 })
		benchOverhead(b, c, f.srv.URL, f.srv.Client(), "zhangsan")
	})
	b.Run("sim", func(b *testing.B) {
		sim := wecomsim.New(wecomsim.Options{Seed: 1, RateLimit: 1 << 30})
		srv := httptest.NewServer(sim)
		defer srv.Close()
		defer sim.Close()
		c, err := New(Options{BaseURL: srv.URL, CorpID: sim.Options().CorpID, Secrets: map[SecretKind]string{App: sim.Options().Secret},
			HTTPClient: srv.Client(), Metrics: metrics.New(), Rate: 1e9, Burst: 1000})
		if err != nil {
			b.Fatal(err)
		}
		benchOverhead(b, c, srv.URL, srv.Client(), sim.Directory().Users()[0].UserID)
	})
}

func benchOverhead(b *testing.B, c *Client, base string, hc *http.Client, userID string) {
	ctx := context.Background()
	tok, err := c.AccessToken(ctx, App)
	if err != nil {
		b.Fatal(err)
	}
	rawURL := base + "/cgi-bin/user/get?" + url.Values{"access_token": {tok}, "userid": {userID}}.Encode()
	raw := func() {
		resp, err := hc.Get(rawURL)
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		var out userResponse
		if err := json.Unmarshal(data, &out); err != nil || out.ErrCode != 0 {
			b.Fatal(err, out.ErrCode)
		}
	}
	viaClient := func() {
		if _, err := c.GetUser(ctx, userID); err != nil {
			b.Fatal(err)
		}
	}
	raw()
	viaClient()
	// Interleave the two so drift on a shared machine hits both alike.
	var rawD, clientD time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		raw()
		t1 := time.Now()
		viaClient()
		rawD += t1.Sub(t0)
		clientD += time.Since(t1)
	}
	b.StopTimer()
	rawNs := float64(rawD.Nanoseconds()) / float64(b.N)
	clientNs := float64(clientD.Nanoseconds()) / float64(b.N)
	rawAllocs := testing.AllocsPerRun(200, raw)
	clientAllocs := testing.AllocsPerRun(200, viaClient)
	b.ReportMetric(clientNs, "client-ns/op")
	b.ReportMetric(clientAllocs, "client-allocs/op")
	b.ReportMetric(rawNs, "raw-ns/op")
	b.ReportMetric(rawAllocs, "raw-allocs/op")
	b.ReportMetric(clientNs-rawNs, "overhead-ns/op")
	b.ReportMetric(clientAllocs-rawAllocs, "overhead-allocs/op")
}

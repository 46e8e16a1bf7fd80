package wecom

import (
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"wecomadmin/internal/metrics"
)

// BenchmarkClientOverhead measures one GetUser through the client (token
// cache, rate limiter, metrics, decode into typed structs) against a raw
// net/http GET of the same URL decoded into the same struct, on the same
// loopback server in the same run (ns/op covers one of each).
func BenchmarkClientOverhead(b *testing.B) {
	f := newFake(b)
	const user = `{"errcode":0,"errmsg":"ok","userid":"zhangsan","name":"张三","department":[1,2],"position":"工程师","status":1,"main_department":1}`
	f.handle("user/get", answer(user))
	c := testClient(b, f, func(o *Options) { o.Metrics = metrics.New(); o.Rate, o.Burst = 1e9, 1000 })
	ctx := context.Background()
	tok, err := c.AccessToken(ctx, App)
	if err != nil {
		b.Fatal(err)
	}
	rawURL := f.srv.URL + "/cgi-bin/user/get?access_token=" + tok + "&userid=zhangsan"
	hc := f.srv.Client()
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
		var out struct {
			apiStatus
			User
		}
		if err := json.Unmarshal(data, &out); err != nil || out.ErrCode != 0 {
			b.Fatal(err, out.ErrCode)
		}
	}
	viaClient := func() {
		if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
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

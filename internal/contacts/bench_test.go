package contacts

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecom/callback"
)

// BenchmarkCallbacks reports callbacks accepted (verified, decrypted,
// parsed, stored in the inbox) and processed (applied to relations) per
// second while the inbox worker runs, beside the bare decrypt+parse cost
// measured in the same run, and the welcome receipt→send delay p50/p99 for
// the welcome codes mixed into that load (2%), beside the same delay on an
// idle service.
func BenchmarkCallbacks(b *testing.B) {
	e := newEnv(b, storetest.Open(b, "sqlite").Store, Options{InboxPoll: 5 * time.Millisecond, InboxBatch: 500})
	ctx, cancel := context.WithCancel(context.Background())
	g := supervise.NewGroup(e.svc.log)
	e.svc.Start(ctx, g)
	defer func() { cancel(); _ = g.Wait() }()
	if _, err := e.svc.SaveTemplate(ctx, TemplateInput{CorpID: tCorp, Name: "d", Text: "您好", Enabled: true}, "a"); err != nil {
		b.Fatal(err)
	}
	mk := func(i int, code string) []byte {
		x := addWithCode(fmt.Sprintf("emp%03d", i%200), fmt.Sprintf("wm%07d", i), code, int64(1_700_000_000+i))
		x.ToUserName, x.MsgType, x.Event = tCorp, "event", callback.EventChangeExternalContact
		raw, _ := callback.MarshalExternalContact(x)
		return raw
	}
	seal := func(raw []byte) (CallbackQuery, []byte) {
		s, _ := e.crypt.Seal(raw, "1", "1700000000", "nonce")
		return CallbackQuery{Signature: s.Signature, Timestamp: s.Timestamp, Nonce: s.Nonce}, s.Body
	}
	// Baseline 1: bare decrypt + parse.
	q0, body0 := seal(mk(0, ""))
	t0 := time.Now()
	const base = 2000
	for i := 0; i < base; i++ {
		p, err := e.crypt.DecryptMsg(q0.Signature, q0.Timestamp, q0.Nonce, body0)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = callback.Parse(p)
	}
	decryptPerSec := base / time.Since(t0).Seconds()
	// Baseline 2: welcome delay on an idle service.
	for i := 0; i < 20; i++ {
		q, body := seal(mk(-1-i, fmt.Sprintf("idle-%d", i)))
		if err := e.svc.Receive(ctx, "main", q, body); err != nil {
			b.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	waitInbox(b, e)
	idle, _ := e.svc.WelcomeReport(ctx, tCorp, 20)

	bodies := make([][]byte, b.N)
	qs := make([]CallbackQuery, b.N)
	for i := range bodies {
		code := ""
		if i%50 == 0 {
			code = fmt.Sprintf("load-%d", i)
		}
		qs[i], bodies[i] = seal(mk(i+1, code))
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := e.svc.Receive(ctx, "main", qs[i], bodies[i]); err != nil {
			b.Fatal(err)
		}
	}
	accepted := time.Since(start)
	waitInbox(b, e)
	processed := time.Since(start)
	b.StopTimer()
	rep, _ := e.svc.WelcomeReport(ctx, tCorp, 1000)
	b.ReportMetric(float64(b.N)/accepted.Seconds(), "accepted_events/s")
	b.ReportMetric(float64(b.N)/processed.Seconds(), "processed_events/s")
	b.ReportMetric(decryptPerSec, "baseline_decrypt_parse/s")
	b.ReportMetric(float64(rep.P50MS), "welcome_p50_ms")
	b.ReportMetric(float64(rep.P99MS), "welcome_p99_ms")
	b.ReportMetric(float64(idle.P50MS), "idle_welcome_p50_ms")
	b.ReportMetric(float64(idle.P99MS), "idle_welcome_p99_ms")
	if rep.Counts[WelcomeExpired] > 0 {
		b.Logf("welcome codes expired under load: %d", rep.Counts[WelcomeExpired])
	}
}

func waitInbox(b *testing.B, e *env) {
	b.Helper()
	for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		c, err := e.st.InboxCounts(context.Background(), tCorp)
		if err != nil {
			b.Fatal(err)
		}
		if c["pending"] == 0 {
			return
		}
	}
	b.Fatal("inbox did not drain")
}

package accounts

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store/storetest"
)

// TestTFASharedAcrossInstances runs two Service instances over one store,
// as two portal instances behind a load balancer without sticky sessions:
// a verification started on one finishes on the other, is used once even
// when both race, and the rate limits count attempts made on either.
func TestTFASharedAcrossInstances(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		fx := newTFAFixtureOn(t, b.Store)
		a := fx.svc
		bsvc := &Service{Store: b.Store, Audit: fx.audit, Customers: fakeCustomers{}, Mailer: fx.mail, Now: a.Now,
			WeComFor: func(context.Context, string) (WeCom, error) { return fx.f, nil }}
		ctx := context.Background()

		v := a.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "10.0.0.1")
		if v.Outcome != TFAEnterCode {
			t.Fatalf("start: %+v", v)
		}
		code := fx.mail.lastCode()
		row, err := b.Store.TFASessionByHash(ctx, idHash(v.Session))
		if err != nil || row.IDHash == v.Session || row.OTPHash == code || len(row.OTPHash) != 64 {
			t.Fatalf("session id and code must be stored hashed: %+v %v", row, err)
		}
		if w := bsvc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, "000000", "10.0.0.1"); w.Outcome != TFAWrongCode || w.TriesLeft != 4 {
			t.Fatalf("wrong code on B: %+v", w)
		}
		if sh := a.TFAShow(ctx, v.Session); sh.Outcome != TFAEnterCode || sh.TriesLeft != 4 || sh.Email != v.Email {
			t.Fatalf("show on A: %+v", sh)
		}
		if ok := bsvc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, code, "10.0.0.1"); ok.Outcome != TFASuccess {
			t.Fatalf("verify on B: %+v", ok)
		}
		if again := a.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, code, "10.0.0.1"); again.Outcome != TFAReused {
			t.Fatalf("reuse on A: %+v", again)
		}

		// Both instances submit the right code at once: WeCom is told once.
		v = a.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "10.0.0.2")
		code = fx.mail.lastCode()
		var wg sync.WaitGroup
		got := make([]string, 2)
		for i, svc := range []*Service{a, bsvc} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i] = svc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, code, "10.0.0.2").Outcome
			}()
		}
		wg.Wait()
		if !(got[0] == TFASuccess && got[1] == TFAReused || got[0] == TFAReused && got[1] == TFASuccess) {
			t.Fatalf("racing verifications: %v", got)
		}
		if n := fx.f.count("user/tfa_succ"); n != 2 {
			t.Fatalf("user/tfa_succ called %d times, want 2", n)
		}

		// Expiry is the store's five minutes, whichever instance checks.
		v = a.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "10.0.0.3")
		code = fx.mail.lastCode()
		fx.advance(tfaLifetime + time.Second)
		if e := bsvc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, code, "10.0.0.3"); e.Outcome != TFAExpired {
			t.Fatalf("expired on B: %+v", e)
		}

		// Per-IP limit: attempts alternate between the instances.
		var last TFAView
		for i := range tfaPerIPMin + 1 {
			last = []*Service{a, bsvc}[i%2].TFAVerify(ctx, "x", "x", "x", "1", "10.9.9.9")
		}
		if last.Outcome != TFARateLimited {
			t.Fatalf("shared IP limit: %+v", last)
		}

		// Per-member limit: wrong codes across sessions, instances and IPs.
		fx.advance(time.Hour)
		tries, last := 0, TFAView{}
		for s := 0; last.Outcome != TFARateLimited && s < 10; s++ {
			v = a.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "10.1.0.1")
			for range tfaMaxTries {
				tries++
				last = []*Service{a, bsvc}[tries%2].TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, "999999", "10.1.1."+strconv.Itoa(tries))
				if last.Outcome == TFARateLimited {
					break
				}
			}
		}
		if last.Outcome != TFARateLimited || tries != tfaPerUser+1 {
			t.Fatalf("member limit after %d tries: %+v", tries, last)
		}
	})
}

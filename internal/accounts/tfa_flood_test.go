package accounts

import (
	"context"
	"strings"
	"testing"
)

// TestTFAJunkIsCheap: junk sent to the public TFA page never reaches WeCom,
// each address gets a bounded number of WeCom look-ups, and a flood of
// rejections writes one audit row per address and window (finding 3).
func TestTFAJunkIsCheap(t *testing.T) {
	t.Parallel()
	fx := newTFAFixture(t)
	ctx := context.Background()
	for _, junk := range []string{"", "x", "<script>alert(1)</script>", strings.Repeat("a", 600), "code with spaces", "日本語のコード"} {
		if v := fx.svc.TFAStart(ctx, "", junk, "10.6.6.6"); v.Outcome != TFABadRequest && v.Outcome != TFAInvalidCode {
			t.Errorf("%q: %s", junk, v.Outcome)
		}
	}
	if n := fx.f.count("auth/get_tfa_info"); n != 0 {
		t.Fatalf("WeCom asked %d times about malformed codes", n)
	}
	for i := 0; i < 3*tfaStartsPerIP; i++ {
		fx.svc.TFAStart(ctx, "", "0123456789abcdef", "10.6.6.6")
	}
	if n := fx.f.count("auth/get_tfa_info"); n > tfaStartsPerIP {
		t.Errorf("WeCom asked %d times by one address (limit %d)", n, tfaStartsPerIP)
	}
	if n := fx.audit.count("tfa.start", ""); n != 1 {
		t.Errorf("%d tfa.start rows for one address's junk, want 1", n)
	}
	// A real member from another address still gets through, and is audited.
	if v := fx.svc.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "10.0.0.9"); v.Outcome != TFAEnterCode {
		t.Errorf("real code: %+v", v)
	}
	if n := fx.audit.count("tfa.start", "success"); n != 1 {
		t.Errorf("successful start audited %d times", n)
	}
}

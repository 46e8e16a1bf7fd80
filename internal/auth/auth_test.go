package auth

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"
)

func TestTOTPMatchesRFC6238Vectors(t *testing.T) {
	t.Parallel()
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for _, c := range []struct {
		unix int64
		want string
	}{{59, "287082"}, {1111111109, "081804"}, {1234567890, "005924"}, {2000000000, "279037"}} {
		got, err := TOTPCode(secret, TOTPStep(time.Unix(c.unix, 0)))
		if err != nil || got != c.want {
			t.Errorf("t=%d: %s %v; want %s", c.unix, got, err, c.want)
		}
	}
	now := time.Unix(1234567890, 0)
	prev, _ := TOTPCode(secret, TOTPStep(now)-1)
	if checkTOTP(secret, "005924", now) == 0 || checkTOTP(secret, prev, now) == 0 {
		t.Fatal("current or previous step refused")
	}
	old, _ := TOTPCode(secret, TOTPStep(now)-3)
	if checkTOTP(secret, old, now) != 0 || checkTOTP(secret, "12345", now) != 0 {
		t.Fatal("stale or short code accepted")
	}
}

func TestNormalizeTOTPSecret(t *testing.T) {
	t.Parallel()
	if s, err := NormalizeTOTPSecret("jbsw y3dp ehpk 3pxp===="); err != nil || s != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("normalize = %q %v", s, err)
	}
	for _, bad := range []string{"", "short", "not base32 !!"} {
		if _, err := NormalizeTOTPSecret(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if u := OTPAuthURL("Wecom Admin Portal", "alice", "JBSWY3DPEHPK3PXP"); !strings.HasPrefix(u, "otpauth://totp/") || !strings.Contains(u, "secret=JBSWY3DPEHPK3PXP") {
		t.Fatalf("url = %s", u)
	}
}

func TestPasswordHashing(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse", DefaultPasswordParams)
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %s %v", h, err)
	}
	if ok, err := VerifyPassword("correct horse", h); !ok || err != nil {
		t.Fatalf("verify right: %v %v", ok, err)
	}
	if ok, _ := VerifyPassword("wrong horse", h); ok {
		t.Fatal("wrong password verified")
	}
	h2, _ := HashPassword("correct horse", DefaultPasswordParams)
	if h2 == h {
		t.Fatal("same salt twice")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$a$b", "$argon2id$v=19$m=99999999,t=1,p=1$YQ$YQ"} {
		if _, err := VerifyPassword("x", bad); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func FuzzVerifyPassword(f *testing.F) {
	f.Add("pw", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA")
	f.Add("pw", "$argon2id$v=19$m=,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, pw, hash string) {
		_, _ = VerifyPassword(pw, hash) // must not panic or allocate without bound
	})
}

func TestParseTTL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"": 0, "0": 0, "90d": 90 * 24 * time.Hour, "12h": 12 * time.Hour} {
		if got, err := ParseTTL(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"-1h", "xd", "0d", "forever"} {
		if _, err := ParseTTL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPrincipalCan(t *testing.T) {
	t.Parallel()
	rev := Principal{Kind: KindAdmin, Grants: []Grant{{Role: RoleReviewer, CorpID: "ww1"}}}
	if !rev.Can(MessagesRead) || rev.Can(AuditRead) || !rev.Can(Authenticated) {
		t.Fatal("reviewer permissions wrong")
	}
	if !rev.CanInCorp(MessagesRead, "ww1") || rev.CanInCorp(MessagesRead, "ww2") {
		t.Fatal("corp limit ignored")
	}
	if (Principal{Kind: KindAnonymous}).Can(Authenticated) {
		t.Fatal("anonymous is not signed in")
	}
	aud := Principal{Kind: KindAdmin, Grants: []Grant{{Role: RoleAuditor}}}
	for _, p := range []Permission{MessagesRead, MediaRead, ExportsCreate} {
		if aud.Can(p) {
			t.Errorf("auditor can %s: auditors must not read conversation content", p)
		}
	}
}

func FuzzParseTTL(f *testing.F) {
	for _, s := range []string{"90d", "12h", "0", "", "-5d", "99999999999d", "1.5h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseTTL(s); err == nil && d < 0 {
			t.Fatalf("%q gave a negative lifetime %v", s, d)
		}
	})
}

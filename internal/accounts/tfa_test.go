package accounts

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
)

type captureMailer struct {
	mu   sync.Mutex
	to   []string
	body []string
}

func (m *captureMailer) Send(_ context.Context, to, _, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.to, m.body = append(m.to, to), append(m.body, body)
	return nil
}

var otpRe = regexp.MustCompile(`\b\d{6}\b`)

func (m *captureMailer) lastCode() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return otpRe.FindString(m.body[len(m.body)-1])
}

type tfaFixture struct {
	svc     *Service
	f       *fakeWeCom
	mail    *captureMailer
	audit   *fakeAudit
	now     time.Time
	nowMu   sync.Mutex
	advance func(time.Duration)
}

func newTFAFixture(t *testing.T) *tfaFixture {
	t.Helper()
	return newTFAFixtureOn(t, storetest.Open(t, "sqlite").Store)
}

func newTFAFixtureOn(t *testing.T, st *store.Store) *tfaFixture {
	t.Helper()
	f := newFake(
		wu("zhang.san", "张三", "zhang.san@x.example", "+86 13800138000", StatusNotActivated),
		wu("li.si", "李四", "li.si@x.example", "+86 13800138001", StatusActivated),
		wu("wang.wu", "王五", "wang.wu@x.example", "+86 13800138002", StatusActivated),
		wu("zhao.liu", "赵六", "zhao.liu@x.example", "+86 13900000000", StatusActivated),
		wu("stranger", "路人", "stranger@x.example", "+86 13800138009", StatusActivated),
	)
	svc, au := newService(t, st, f)
	fx := &tfaFixture{svc: svc, f: f, mail: &captureMailer{}, audit: au, now: testNow}
	clock := func() time.Time { fx.nowMu.Lock(); defer fx.nowMu.Unlock(); return fx.now }
	fx.advance = func(d time.Duration) { fx.nowMu.Lock(); fx.now = fx.now.Add(d); fx.nowMu.Unlock() }
	svc.Now, f.now, svc.Mailer = clock, clock, fx.mail
	for _, e := range []store.Employee{
		{EmployeeID: "E1", UserID: "zhang.san", Name: "张三", Email: "zhang.san@x.example", Mobile: "+86 13800138000", HRStatus: HRActive},
		{EmployeeID: "E2", UserID: "li.si", Name: "李四", Email: "li.si@x.example", Mobile: "+86 13800138001", HRStatus: HRActive},
		{EmployeeID: "E3", UserID: "wang.wu", Name: "王五", Email: "wang.wu@x.example", Mobile: "+86 13800138002", HRStatus: HRLeaver},
		{EmployeeID: "E4", UserID: "zhao.liu", Name: "赵六", Email: "zhao.liu@x.example", Mobile: "+86 13800138003", HRStatus: HRActive},
	} {
		e.CorpID = testCorp
		if err := st.UpsertEmployee(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

func TestTFAFirstJoinAndUsage(t *testing.T) {
	t.Parallel()
	fx := newTFAFixture(t)
	ctx := context.Background()
	for _, c := range []struct{ uid, succ string }{{"zhang.san", "user/authsucc"}, {"li.si", "user/tfa_succ"}} {
		v := fx.svc.TFAStart(ctx, "", fx.f.issueTFA(c.uid), "10.0.0.1")
		if v.Outcome != TFAEnterCode || v.Session == "" || !strings.Contains(v.Email, "***@x.example") {
			t.Fatalf("%s start: %+v", c.uid, v)
		}
		if fx.mail.to[len(fx.mail.to)-1] != c.uid+"@x.example" {
			t.Fatalf("mailed to %v", fx.mail.to)
		}
		// Wrong code first: the form comes back with one try less.
		if w := fx.svc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, "000000x", "10.0.0.1"); w.Outcome != TFAWrongCode || w.TriesLeft != 4 {
			t.Fatalf("wrong code: %+v", w)
		}
		ok := fx.svc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, fx.mail.lastCode(), "10.0.0.1")
		if ok.Outcome != TFASuccess || fx.f.count(c.succ) != 1 {
			t.Fatalf("%s verify: %+v calls %v", c.uid, ok, fx.f.calls)
		}
		// Reused: the same verification again.
		if again := fx.svc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, fx.mail.lastCode(), "10.0.0.1"); again.Outcome != TFAReused || fx.f.count(c.succ) != 1 {
			t.Fatalf("reused: %+v", again)
		}
	}
	if u, _ := fx.f.user("zhang.san"); u.Status != wecom.UserActive {
		t.Errorf("first join did not activate: %+v", u)
	}
	if fx.audit.count("tfa.verify", "success") != 2 || fx.audit.count("tfa.verify", "failure") != 4 || fx.audit.count("tfa.start", "success") != 2 {
		t.Errorf("audit: %+v", fx.audit.events)
	}
}

func TestTFARefusals(t *testing.T) {
	t.Parallel()
	fx := newTFAFixture(t)
	ctx := context.Background()
	used := fx.f.issueTFA("li.si")
	if v := fx.svc.TFAStart(ctx, "main", used, "ip"); v.Outcome != TFAEnterCode {
		t.Fatalf("start: %+v", v)
	}
	expiredCode := fx.f.issueTFA("li.si")
	fx.advance(6 * time.Minute)
	cases := []struct {
		name, code, want string
	}{
		{"reused WeCom code", used, TFAInvalidCode},
		{"expired WeCom code", expiredCode, TFAInvalidCode},
		{"foreign code", "code-from-another-corp", TFAInvalidCode},
		{"not in HR", fx.f.issueTFA("stranger"), TFANotRecognized},
		{"leaver", fx.f.issueTFA("wang.wu"), TFANotActive},
		{"mobile differs from HR", fx.f.issueTFA("zhao.liu"), TFAMobileMismatch},
		{"empty code", "", TFABadRequest},
	}
	for _, c := range cases {
		if v := fx.svc.TFAStart(ctx, "", c.code, "ip"); v.Outcome != c.want {
			t.Errorf("%s: %+v, want %s", c.name, v, c.want)
		}
	}
	// Our own five minutes: a session older than that is expired, and WeCom is not told.
	v := fx.svc.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "ip")
	code := fx.mail.lastCode()
	fx.advance(5*time.Minute + time.Second)
	if got := fx.svc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, code, "ip"); got.Outcome != TFAExpired {
		t.Errorf("expired session: %+v", got)
	}
	// CSRF: the form token must match the cookie and the session.
	v = fx.svc.TFAStart(ctx, "", fx.f.issueTFA("li.si"), "ip")
	if got := fx.svc.TFAVerify(ctx, v.Session, "other", v.CSRF, fx.mail.lastCode(), "ip"); got.Outcome != TFABadRequest {
		t.Errorf("csrf: %+v", got)
	}
	// Too many wrong codes burn the session.
	for i := range tfaMaxTries {
		got := fx.svc.TFAVerify(ctx, v.Session, v.CSRF, v.CSRF, "999999", "ip2")
		if i == tfaMaxTries-1 && got.Outcome != TFATooManyTries {
			t.Errorf("try %d: %+v", i, got)
		}
	}
	if got := fx.svc.TFAVerify(ctx, "no-such-session", "x", "x", "1", "ip3"); got.Outcome != TFAExpired {
		t.Errorf("unknown session: %+v", got)
	}
	if fx.f.count("user/tfa_succ") != 0 {
		t.Errorf("WeCom was told of a failed verification")
	}
	// Rate limit per IP.
	var last TFAView
	for range tfaPerIPMin + 1 {
		last = fx.svc.TFAVerify(ctx, "x", "x", "x", "1", "10.9.9.9")
	}
	if last.Outcome != TFARateLimited {
		t.Errorf("rate limit: %+v", last)
	}
}

func TestRenderTFA(t *testing.T) {
	t.Parallel()
	for lang := range tfaTexts {
		for outcome := range tfaTexts[lang].Outcomes {
			var buf bytes.Buffer
			v := TFAView{Outcome: outcome, Session: "s<script>", CSRF: "c", Email: "z***@x.example", TriesLeft: 3, ExpiresAt: testNow}
			if err := RenderTFA(&buf, v, lang, "/wecom/tfa"); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tfaTexts[lang].Outcomes[outcome]) || strings.Contains(buf.String(), "s<script>") {
				t.Errorf("%s %s: %s", lang, outcome, buf.String())
			}
		}
	}
	for _, c := range []struct{ choice, accept, want string }{
		{"", "en-US,en;q=0.9", "en"}, {"", "zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"}, {"en", "zh-CN", "en"}, {"", "", "zh-CN"}, {"zh", "en", "zh-CN"},
	} {
		if got := PickLang(c.choice, c.accept); got != c.want {
			t.Errorf("PickLang(%q, %q) = %q", c.choice, c.accept, got)
		}
	}
}

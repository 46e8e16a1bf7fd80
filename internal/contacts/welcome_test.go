package contacts

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/loadtest"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecom/callback"
)

func addWithCode(user, ext, code string, at int64) callback.ExternalContactChange {
	e := ev(callback.ChangeAddExternalContact, user, ext, at)
	e.WelcomeCode = code
	return e
}

// TestWelcomeUnderLoad: welcome codes arrive in the middle of a storm of
// other callbacks; every one is sent inside its 20 s window (status sent,
// not expired), once, with the department's template; WeCom-side failures
// are recorded with their reason.
func TestWelcomeUnderLoad(t *testing.T) {
	loadtest.Gate(t)
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	// WeCom's window is 20 s; a loaded CI machine under -race can take longer
	// than that to drain the storm, and this test checks that every code is
	// sent once with the right template, not how fast (the delays are
	// logged; TestWelcomeExpiredBeforeSend checks the window itself).
	e := newEnv(t, b.Store, Options{InboxPoll: 10 * time.Millisecond, WelcomeWindow: 5 * time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	g := supervise.NewGroup(e.svc.log)
	e.svc.Start(ctx, g)
	defer func() { cancel(); _ = g.Wait() }()
	if _, err := e.svc.SaveTemplate(ctx, TemplateInput{CorpID: tCorp, Name: "default", Text: "您好", Enabled: true}, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveTemplate(ctx, TemplateInput{CorpID: tCorp, DepartmentPath: "总部/肿瘤事业部", Name: "onc", Text: "肿瘤事业部欢迎您",
		Attachments: []Attachment{{MsgType: "link", Link: map[string]string{"title": "t", "url": "https://example.invalid"}}}, Enabled: true}, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SaveTemplate(ctx, TemplateInput{CorpID: tCorp, Name: "x", Text: ""}, "a"); err == nil {
		t.Fatal("empty template accepted")
	}
	// An oncology rep.
	// Through the store's own pool: its busy timeout waits out the running
	// service's writes, which a separate connection would fail on at once.
	now := time.Now().UnixMilli()
	storetest.Exec(t, b.Store, fmt.Sprintf(`INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
		VALUES ('%s', 'onc1', 'O', '总部/肿瘤事业部/华东', %d, %d)`, tCorp, now, now))
	e.fake.welcomeCode["code-expired"] = wecom.CodeWelcomeExpired
	e.fake.welcomeCode["code-wecom"] = wecom.CodeWelcomeSending

	n := 1500
	if raceEnabled {
		n = 500
	}
	load, _ := stormEvents(rand.New(rand.NewPCG(3, 4)), n)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(load); i += 3 {
				if _, err := e.deliver(t, load[i]); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	var codes []string
	for i := 0; i < 40; i++ {
		user := "emp01"
		if i%2 == 0 {
			user = "onc1"
		}
		code := fmt.Sprintf("code-%02d", i)
		switch i {
		case 7:
			code = "code-expired"
		case 9:
			code = "code-wecom"
		}
		codes = append(codes, code)
		if _, err := e.deliver(t, addWithCode(user, fmt.Sprintf("wmnew%02d", i), code, 1_800_000_000+int64(i))); err != nil {
			t.Fatal(err)
		}
		if i%8 == 0 { // deliver one twice, as WeCom retries
			if _, err := e.deliver(t, addWithCode(user, fmt.Sprintf("wmnew%02d", i), code, 1_800_000_000+int64(i))); err != nil {
				t.Fatal(err)
			}
		}
	}
	wg.Wait()
	deadline := time.Now().Add(3 * time.Minute)
	var rep WelcomeStats
	for time.Now().Before(deadline) {
		rep, _ = e.svc.WelcomeReport(ctx, tCorp, 5000)
		rep.Counts = map[string]int{}
		n := 0
		for _, w := range rep.Recent {
			if strings.HasPrefix(w.WelcomeCode, "code-") {
				rep.Counts[w.Status]++
				n++
			}
		}
		if n == len(codes) && rep.Counts["sending"] == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if rep.Counts[WelcomeSent] != 38 || rep.Counts[WelcomeExpired] != 1 || rep.Counts[WelcomeWeComSide] != 1 {
		t.Fatalf("welcome outcomes %v", rep.Counts)
	}
	e.fake.mu.Lock()
	defer e.fake.mu.Unlock()
	if len(e.fake.welcomeSent) != 38 {
		t.Fatalf("sent %d welcome messages", len(e.fake.welcomeSent))
	}
	onc := 0
	for _, m := range e.fake.welcomeSent {
		if m.Text.Content == "肿瘤事业部欢迎您" && len(m.Attachments) == 1 {
			onc++
		}
	}
	if onc != 20 { // the even i; the two failures (7 and 9) are odd
		t.Errorf("department template used %d times", onc)
	}
	t.Logf("welcome delay p50 %d ms, p99 %d ms under %d callbacks of load", rep.P50MS, rep.P99MS, len(load))
}

func TestWelcomeNoCodeRecorded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	if err := e.post(t, ev(callback.ChangeAddExternalContact, "u", "wm", 1)); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	ws, _ := e.st.ListWelcomeSends(context.Background(), tCorp, "", 10)
	if len(ws) != 1 || ws[0].Status != WelcomeNoCode {
		t.Fatalf("%+v", ws)
	}
}

func TestWelcomeExpiredBeforeSend(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	if _, err := e.svc.SaveTemplate(context.Background(), TemplateInput{CorpID: tCorp, Name: "d", Text: "hi", Enabled: true}, "a"); err != nil {
		t.Fatal(err)
	}
	// The inbox worker reaches the event 30 s after receipt (the fast lane was full).
	e.svc.sendWelcome(context.Background(), welcomeJob{corpID: tCorp, userID: "u", externalUserID: "wm", code: "c1", receivedAt: time.Now().Add(-30 * time.Second).UnixMilli()})
	ws, _ := e.st.ListWelcomeSends(context.Background(), tCorp, "", 10)
	if len(ws) != 1 || ws[0].Status != WelcomeExpired || ws[0].ErrCode != wecom.CodeWelcomeExpired || len(e.fake.welcomeSent) != 0 {
		t.Fatalf("%+v", ws)
	}
}

package wecomsim

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomadmin/internal/wecom/callback"
)

// The callback keys of the tests that receive the simulator's callbacks.
const testCBToken, testCBAESKey = "simtoken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

// TestSimCallbacksMemberFields: today a change_contact member event
// carries only UserID and Department; --legacy-app-fields brings the
// member's details back.
func TestSimCallbacksMemberFields(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		crypt, err := callback.New(testCBToken, testCBAESKey, "wwsimcorp0000001")
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 8)
		portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			q := r.URL.Query()
			plain, err := crypt.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
			if err != nil {
				t.Errorf("decrypt: %v", err)
			}
			got <- string(plain)
			_, _ = io.WriteString(w, "success")
		}))
		sim, err := NewSimulator(Options{Seed: 1, LegacyAppFields: legacy,
			Callback: CallbackOptions{URL: portal.URL, Token: testCBToken, AESKey: testCBAESKey}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- sim.deliver(ctx) }()
		var u User
		for _, x := range sim.Directory().Users() {
			if x.Mobile != "" && !x.Creator {
				u = x
				break
			}
		}
		pos := "区域经理"
		if err := sim.Directory().UpdateUser(u.UserID, UserPatch{Position: &pos}); err != nil {
			t.Fatal(err)
		}
		ev := <-got
		cancel()
		<-done
		portal.Close()
		if !strings.Contains(ev, "<UserID><![CDATA["+u.UserID+"]]></UserID>") || !strings.Contains(ev, "<Department><![CDATA[") {
			t.Fatalf("legacy=%v: event lacks UserID or Department: %s", legacy, ev)
		}
		for _, f := range []string{"<Mobile>", "<Email>", "<Name>", "<Position>"} {
			if strings.Contains(ev, f) != legacy {
				t.Fatalf("legacy=%v: %s present=%v: %s", legacy, f, !legacy, ev)
			}
		}
		if legacy && !strings.Contains(ev, u.Mobile) {
			t.Fatalf("legacy event without the member's mobile: %s", ev)
		}
	}
}

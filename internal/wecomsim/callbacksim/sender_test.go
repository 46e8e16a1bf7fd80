package callbacksim

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/wecom/callback"
)

const aesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

func TestSenderRetriesAndSealsLikeWeCom(t *testing.T) {
	t.Parallel()
	recv, _ := callback.New("tok", aesKey, "wwsim")
	var mu sync.Mutex
	var got []string
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		q := r.URL.Query()
		if r.Method == http.MethodGet {
			msg, err := recv.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusForbidden)
				return
			}
			_, _ = w.Write(msg)
			return
		}
		body, _ := io.ReadAll(r.Body)
		msg, err := recv.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		got = append(got, string(msg))
		if calls < 3 { // fail twice: the third attempt succeeds
			http.Error(w, "busy", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte("success"))
	}))
	defer srv.Close()
	s, err := New(srv.URL, "tok", aesKey, "wwsim", "1000002")
	if err != nil {
		t.Fatal(err)
	}
	s.Backoff = time.Millisecond
	ev, _ := callback.MarshalExternalContact(callback.ExternalContactChange{Header: callback.Header{ToUserName: "wwsim", CreateTime: 1,
		ChangeType: callback.ChangeAddExternalContact}, UserID: "u", ExternalUserID: "wm", WelcomeCode: "c"})
	if err := s.Send(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != string(ev) || got[2] != got[0] {
		t.Fatalf("deliveries %d", len(got))
	}
	calls = 0
	s.Attempts = 2
	if err := s.Send(context.Background(), ev); err == nil {
		t.Fatal("two failed attempts reported success")
	}
	if err := s.VerifyURL(context.Background()); err != nil {
		t.Fatal(err)
	}
}

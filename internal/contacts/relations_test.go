package contacts

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecom/callback"
)

func TestRelationTransitions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b.Store, Options{})
		e.fake.listed[pairKey{"u9", "wm1"}] = true // WeCom still answers for wm1 through another follower
		del := ev(callback.ChangeDelExternalContact, "u1", "wm5", 50)
		del.Source = callback.SourceDeleteByTransfer
		steps := []struct {
			ev   callback.ExternalContactChange
			user string
			ext  string
			want string
		}{
			{ev(callback.ChangeAddExternalContact, "u1", "wm1", 10), "u1", "wm1", StateActive},
			{ev(callback.ChangeDelFollowUser, "u1", "wm1", 20), "u1", "wm1", StateDeletedByCustomer},
			{ev(callback.ChangeAddExternalContact, "u1", "wm1", 30), "u1", "wm1", StateActive},
			{ev(callback.ChangeDelExternalContact, "u1", "wm1", 40), "u1", "wm1", StateDeletedByEmployee},
			{ev(callback.ChangeAddExternalContact, "u1", "wm1", 15), "u1", "wm1", StateDeletedByEmployee}, // stale: older than the delete
			{ev(callback.ChangeAddHalfExternalContact, "u2", "wm2", 10), "u2", "wm2", StateHalfAdded},
			{ev(callback.ChangeAddExternalContact, "u1", "wm5", 45), "u1", "wm5", StateActive},
			{del, "u1", "wm5", StateTransferred},
			{ev(callback.ChangeEditExternalContact, "u1", "wm5", 60), "u1", "wm5", StateTransferred},
		}
		for i, s := range steps {
			if err := e.post(t, s.ev); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			e.drain(t)
			if got := e.state(t, s.user, s.ext); got != s.want {
				t.Fatalf("step %d (%s): state %q, want %q", i, s.ev.ChangeType, got, s.want)
			}
		}
		h, err := e.st.RelationHistoryOf(context.Background(), tCorp, "u1", "wm1")
		if err != nil || len(h) != 5 || !strings.HasPrefix(h[1].Cause, "stale:") { // ordered by event time
			t.Fatalf("history: %+v %v", h, err)
		}
		c, err := e.svc.Contact(context.Background(), tCorp, "wm1")
		if err != nil || c.Contact.Unionid != "union-wm1" || len(c.Relations) != 1 {
			t.Fatalf("contact view: %+v %v", c, err)
		}
	})
}

func TestUnionidOnlyForWeChatContacts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
	e.fake.contacts["wmcorp"] = wecom.ExternalContact{ExternalUserID: "wmcorp", Name: "Dr Li", Type: 2, UnionID: "should-not-keep", CorpName: "医院"}
	e.fake.listed[pairKey{"u1", "wmcorp"}] = true
	if err := e.post(t, ev(callback.ChangeAddExternalContact, "u1", "wmcorp", 1)); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	v, err := e.svc.Contact(context.Background(), tCorp, "wmcorp")
	if err != nil || v.Contact.Unionid != "" || !strings.Contains(v.UnionidNote, "WeCom-type") {
		t.Fatalf("%+v %v", v, err)
	}
}

func TestReceiverRejects(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{MaxBody: 4096})
	other, _ := callback.New(tToken, tAES, "wwother")
	good, _ := callback.MarshalExternalContact(ev(callback.ChangeAddExternalContact, "u", "wm", 1))
	ts := strconv.FormatInt(time.Now().Unix(), 10) // callbacks must be fresh
	sealed, _ := e.crypt.Seal(good, "1", ts, "2")
	wrongRID, _ := other.Seal(good, "1", ts, "2")
	notXML, _ := e.crypt.Seal([]byte("<xml><Event>"), "1", ts, "2")
	cases := []struct {
		name string
		q    CallbackQuery
		body []byte
		kind string
	}{
		{"bad signature", CallbackQuery{Signature: "00", Timestamp: ts, Nonce: "2"}, sealed.Body, RejectSignature},
		{"wrong receiveid", CallbackQuery{Signature: wrongRID.Signature, Timestamp: ts, Nonce: "2"}, wrongRID.Body, RejectReceiveID},
		{"malformed envelope", CallbackQuery{Signature: "00", Timestamp: ts, Nonce: "2"}, []byte("<xml"), RejectMalformed},
		{"malformed event", CallbackQuery{Signature: notXML.Signature, Timestamp: ts, Nonce: "2"}, notXML.Body, RejectMalformed},
		{"oversized", CallbackQuery{}, make([]byte, 5000), RejectTooLarge},
	}
	for _, c := range cases {
		err := e.svc.Receive(context.Background(), "main", c.q, c.body)
		var re *RejectError
		if !errors.As(err, &re) || re.Kind != c.kind {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if err := e.svc.Receive(context.Background(), "nope", CallbackQuery{}, nil); !errors.Is(err, ErrUnknownCorp) {
		t.Errorf("unknown corp: %v", err)
	}
	if n := e.aud.actions()["callback.reject/"+RejectSignature]; n != 1 {
		t.Errorf("audited signature rejections: %d (%v)", n, e.aud.actions())
	}
	for i := 0; i < 100; i++ { // a flood of forgeries is audited at most 20 times a minute
		_ = e.svc.Receive(context.Background(), "main", cases[0].q, cases[0].body)
	}
	if n := e.aud.actions()["callback.reject/"+RejectSignature]; n != 20 {
		t.Errorf("audited flood: %d", n)
	}
	counts, _ := e.st.InboxCounts(context.Background(), tCorp)
	if len(counts) != 0 {
		t.Errorf("rejected callbacks reached the inbox: %v", counts)
	}
	// URL verification answers the decrypted echostr.
	enc, _ := e.crypt.Encrypt([]byte("1616140317555161061"))
	msg, err := e.svc.VerifyURL(context.Background(), "main", CallbackQuery{Signature: e.crypt.Signature("1", "2", enc), Timestamp: "1", Nonce: "2", EchoStr: enc})
	if err != nil || string(msg) != "1616140317555161061" {
		t.Fatalf("verify url: %q %v", msg, err)
	}
}

func TestInboxRetriesThenDead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{InboxMaxAttempts: 2, InboxBackoff: 1})
	// An event without ids fails to apply every time.
	if err := e.post(t, callback.ExternalContactChange{Header: callback.Header{CreateTime: 1, ChangeType: callback.ChangeDelFollowUser}, UserID: "u1"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := e.svc.ProcessInbox(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := e.st.InboxCounts(context.Background(), tCorp)
	if c["dead"] != 1 {
		t.Fatalf("counts %v", c)
	}
}

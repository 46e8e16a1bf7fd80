package contacts

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecom/callback"
)

type countTrigger struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countTrigger) Trigger(corpID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[corpID]++
}

func (e *env) postRaw(t *testing.T, plain []byte, nonce int) {
	t.Helper()
	s, err := e.crypt.Seal(plain, "1", strconv.FormatInt(time.Now().Unix(), 10), strconv.Itoa(nonce))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Receive(context.Background(), "main", CallbackQuery{Signature: s.Signature, Timestamp: s.Timestamp, Nonce: s.Nonce}, s.Body); err != nil {
		t.Fatal(err)
	}
}

func TestGroupEventsAndArchiveTrigger(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		e := newEnv(t, b.Store, Options{})
		trig := &countTrigger{n: map[string]int{}}
		e.svc.archive = trig
		ctx := context.Background()
		e.fake.groups["wr1"] = wecom.GroupChat{ChatID: "wr1", Name: "肿瘤患者群", Owner: "alice", CreateTime: 100,
			MemberList: []wecom.GroupMember{{UserID: "alice", Type: 1}, {UserID: "wm1", Type: 2, UnionID: "un1"}, {UserID: "wm2", Type: 2}}}
		e.fake.groups["wr2"] = wecom.GroupChat{ChatID: "wr2", Name: "b", Owner: "bob"}
		if n, err := e.svc.SyncGroups(ctx, tCorp); err != nil || n != 2 {
			t.Fatalf("sync groups: %d %v", n, err)
		}
		// wm2 leaves wr1; wr2 is dismissed.
		g := e.fake.groups["wr1"]
		g.MemberList = g.MemberList[:2]
		e.fake.groups["wr1"] = g
		upd, _ := callback.MarshalExternalChat(callback.ExternalChatChange{Header: callback.Header{ToUserName: tCorp, CreateTime: 5, ChangeType: "update"}, ChatID: "wr1", UpdateDetail: "del_member"})
		dis, _ := callback.MarshalExternalChat(callback.ExternalChatChange{Header: callback.Header{ToUserName: tCorp, CreateTime: 6, ChangeType: "dismiss"}, ChatID: "wr2"})
		e.postRaw(t, upd, 1)
		e.postRaw(t, dis, 2)
		e.postRaw(t, []byte(`<xml><ToUserName>`+tCorp+`</ToUserName><FromUserName>sys</FromUserName><CreateTime>7</CreateTime><MsgType>event</MsgType><Event>msgaudit_notify</Event><AgentID>2000003</AgentID></xml>`), 3)
		e.drain(t)
		gc, ms, err := e.svc.Group(ctx, tCorp, "wr1")
		if err != nil || gc.MemberCount != 2 || len(ms) != 3 || gc.Owner != "alice" {
			t.Fatalf("wr1: %+v %+v %v", gc, ms, err)
		}
		for _, m := range ms {
			if m.MemberID == "wm2" && m.LeftAt == 0 || m.MemberID == "wm1" && m.Unionid != "un1" {
				t.Errorf("member %+v", m)
			}
		}
		if gs, _ := e.svc.Groups(ctx, tCorp, "bob", "", 10); len(gs) != 1 || gs[0].DismissedAt == 0 {
			t.Fatalf("wr2: %+v", gs)
		}
		if trig.n[tCorp] != 1 {
			t.Fatalf("archive trigger %v", trig.n)
		}
	})
}

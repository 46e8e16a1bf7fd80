package httpapi

import (
	"context"
	"net/url"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// The review views show names, parsed bodies and media flags, not bare ids.
func TestConversationViewsNamesAndBodies(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		ctx := context.Background()
		if err := e.b.Store.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: "e0|wmhcp", Kind: "single",
			Participants: []string{"e0", "wmhcp"}, LastMsgTime: 2, MessageCount: 15}); err != nil {
			t.Fatal(err)
		}
		storetest.Exec(t, e.b.Store, `INSERT INTO external_contacts (corp_id, external_userid, name, corp_name, created_at, updated_at)
			VALUES ('wwc1', 'wmhcp', '王医生', '瑞金医院', 0, 0)`)
		storetest.Exec(t, e.b.Store, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, state, scan_result, duration_ms,
			quarantined, playable_key, created_at, updated_at) VALUES ('wwc1', 'm28', 'f1', 'voice', 'converted', 'clean', 4000, 0, 'p/1', 0, 0)`)
		if _, err := e.b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "u1", Seq: 98, MsgType: "sphfeed2", From: "wmhcp",
			ToList: `["e0"]`, ConversationID: "e0|wmhcp", MsgTime: 1_700_000_090_000, ParseStatus: "unknown",
			Raw: `{"msgid":"u1","msgtype":"sphfeed2"}`, Meta: `{}`}); err != nil {
			t.Fatal(err)
		}
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		s, c := e.session(rev)

		var list search.ConversationList
		decodeData(t, e.do("GET", "/api/v1/conversations?corp=wwc1&employee=e0", "", withSession(s, c)), &list)
		if len(list.Items) != 1 || list.Items[0].Names["e0"].Name != "张三" || list.Items[0].Names["wmhcp"].CorpName != "瑞金医院" {
			t.Fatalf("list names: %+v", list.Items)
		}

		var th search.Thread
		w := e.do("GET", "/api/v1/conversations/"+url.PathEscape("e0|wmhcp")+"/messages?corp=wwc1&limit=50", "", withSession(s, c))
		decodeData(t, w, &th)
		if th.Names["wmhcp"].Kind != "contact" || th.Names["e0"].Kind != "employee" {
			t.Fatalf("thread names: %s", w.Body)
		}
		byID := map[string]search.ThreadMessage{}
		for _, m := range th.Items {
			byID[m.MsgID] = m
		}
		if u := byID["u1"]; u.ParseStatus != "unknown" || len(u.Raw) == 0 {
			t.Fatalf("unknown type raw: %+v", u)
		}
		if m := byID["m28"]; len(m.Media) != 1 || m.Media[0].ID == 0 || !m.Media[0].Playable || m.Media[0].DurationMS != 4000 {
			t.Fatalf("media ref: %+v", m.Media)
		}
		if m := byID["m00"]; len(m.Raw) != 0 {
			t.Fatalf("parsed message carries raw: %s", m.Raw)
		}

		var res search.Result
		decodeData(t, e.do("GET", "/api/v1/messages/search?corp=wwc1&q="+url.QueryEscape("医生"), "", withSession(s, c)), &res)
		if res.Names["e0"].Name != "张三" {
			t.Fatalf("search names: %+v", res.Names)
		}
	})
}

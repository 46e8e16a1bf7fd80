package httpapi

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

func TestConversationViews(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		ctx := context.Background()
		for _, c := range []store.Conversation{
			{CorpID: "wwc1", ConversationID: "e0|wmhcp", Kind: "single", Participants: []string{"e0", "wmhcp"}, LastMsgTime: 2, MessageCount: 15},
			{CorpID: "wwc1", ConversationID: "e1|wmhcp", Kind: "single", Participants: []string{"e1", "wmhcp"}, LastMsgTime: 3, MessageCount: 15},
		} {
			if err := e.b.Store.TouchConversation(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		// m28 (from e0) is recalled.
		if _, err := e.b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "r1", Seq: 99, MsgType: "revoke", From: "e0",
			ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_700_000_100_000, PreMsgID: "m28"}); err != nil {
			t.Fatal(err)
		}
		rev, _ := e.admin("rev", auth.Grant{Role: auth.RoleReviewer})
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		revS, revC := e.session(rev)
		scS, scC := e.session(scoped)

		var list search.ConversationList
		w := e.do("GET", "/api/v1/conversations?corp=wwc1&contact=wmhcp", "", withSession(revS, revC))
		decodeData(t, w, &list)
		if len(list.Items) != 2 || list.Items[0].ConversationID != "e1|wmhcp" || list.Items[1].LastMessage.MsgType != "revoke" {
			t.Fatalf("list %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/conversations?corp=wwc1", "", withSession(scS, scC))
		decodeData(t, w, &list)
		if len(list.Items) != 1 || list.Items[0].ConversationID != "e0|wmhcp" {
			t.Fatalf("scoped list %s", w.Body)
		}

		base := "/api/v1/conversations/" + url.PathEscape("e0|wmhcp") + "/messages?corp=wwc1"
		var th search.Thread
		w = e.do("GET", base+"&around=m20&limit=6", "", withSession(revS, revC))
		decodeData(t, w, &th)
		if len(th.Items) != 6 || th.Items[3].MsgID != "m20" || th.Items[0].MsgID != "m14" {
			t.Fatalf("around: %s", w.Body)
		}
		w = e.do("GET", base+"&after="+th.NextCursor+"&limit=10", "", withSession(revS, revC))
		decodeData(t, w, &th)
		if th.Items[0].MsgID != "m26" || !th.Items[1].Recalled || th.Items[len(th.Items)-1].Recalls != "m28" {
			t.Fatalf("after: %s", w.Body)
		}
		// Out of scope: e1's conversation and e1's message as anchor.
		for _, p := range []string{"/api/v1/conversations/" + url.PathEscape("e1|wmhcp") + "/messages?corp=wwc1",
			"/api/v1/conversations/" + url.PathEscape("e1|wmhcp") + "/messages?corp=wwc1&around=m21"} {
			if w := e.do("GET", p, "", withSession(scS, scC)); w.Code != 404 {
				t.Fatalf("scoped %s: %d %s", p, w.Code, w.Body)
			}
		}
		evs, _ := e.b.Store.ListAudit(ctx, store.AuditFilter{Action: audit.ConversationOpen, Limit: 10})
		if len(evs) != 2 {
			t.Fatalf("conversation.open events %d", len(evs))
		}
	})
}

// TestConversationPreviewsInScope: the list's preview is the newest
// message the caller may read in the thread, never one it hides, and the
// list read is audited (finding 8).
func TestConversationPreviewsInScope(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		withReview(t, e)
		ctx := context.Background()
		if err := e.b.Store.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: "e0|wmhcp", Kind: "single",
			Participants: []string{"e0", "wmhcp"}, LastMsgTime: 9, MessageCount: 16}); err != nil {
			t.Fatal(err)
		}
		// The newest message in e0's conversation is e1's, to the customer only: out of a 总部/医学部 reviewer's scope.
		if _, err := e.b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "hidden", Seq: 100, MsgType: "text", From: "e1",
			ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_800_000_000_000, Content: "SECRET-PREVIEW"}); err != nil {
			t.Fatal(err)
		}
		scoped, _ := e.admin("scoped", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		sid, csrf := e.session(scoped)
		w := e.do("GET", "/api/v1/conversations?corp=wwc1", "", withSession(sid, csrf))
		if w.Code != 200 || strings.Contains(w.Body.String(), "SECRET-PREVIEW") {
			t.Fatalf("list shows a hidden message: %d %s", w.Code, w.Body)
		}
		th := e.do("GET", "/api/v1/conversations/"+url.PathEscape("e0|wmhcp")+"/messages?corp=wwc1", "", withSession(sid, csrf))
		if strings.Contains(th.Body.String(), "SECRET-PREVIEW") {
			t.Fatal("the thread shows the hidden message: the fixture is wrong")
		}
		evs, _ := e.b.Store.ListAudit(ctx, store.AuditFilter{Action: audit.ConversationList, Limit: 10})
		if len(evs) != 1 || !strings.Contains(evs[0].Metadata, "e0|wmhcp") {
			t.Fatalf("conversation.list events %+v", evs)
		}
	})
}

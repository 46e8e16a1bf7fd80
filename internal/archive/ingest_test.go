package archive_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecomsim/archivesim"
)

// TestIngestGroundTruth ingests the generator's default archive and checks
// every message against the generator's ground truth, on both stores.
func TestIngestGroundTruth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		a, truth := archivesim.Generate(keyRing(), archivesim.Options{Seed: 1, KeyVersions: 3})
		r := newRig(t, b.Store, a, rigOpts{ingest: archive.Options{Limit: 97}})
		res, err := r.in.SyncOnce(ctx, testCorp)
		if err != nil {
			t.Fatalf("SyncOnce: %v", err)
		}
		if res.Stored != len(truth) || res.Quarantined != 0 || res.Gaps != 0 || res.Status != archive.StatusOK {
			t.Fatalf("result = %+v, want %d stored, status ok", res, len(truth))
		}
		msgs, err := b.Store.MessagesAfterSeq(ctx, testCorp, 0, 100000)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != len(truth) {
			t.Fatalf("stored %d messages, generated %d", len(msgs), len(truth))
		}
		types := map[string]bool{}
		for i, tr := range truth {
			m := msgs[i]
			checkMessage(t, m, tr)
			types[m.MsgType] = true
			if got := len(r.media.refs[tr.MsgID]); got != len(tr.Media) {
				t.Errorf("%s (%s): %d media jobs, want %d", tr.MsgID, tr.MsgType, got, len(tr.Media))
			}
		}
		for _, mt := range archivesim.MsgTypes {
			if mt != "switch" && !types[mt] {
				t.Errorf("msgtype %s never stored", mt)
			}
		}
		again, err := r.in.SyncOnce(ctx, testCorp)
		if err != nil || again.Stored != 0 || again.Status != archive.StatusNoNewData {
			t.Fatalf("second pull = %+v, %v; want nothing new", again, err)
		}
		rep, err := r.in.Report(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep[0].LastSeq != int64(len(truth)) || rep[0].SeqGaps != 0 || rep[0].UnknownTypes != 0 || rep[0].Undecryptable != 0 {
			t.Fatalf("report = %+v", rep[0])
		}
		checkConversations(t, b.Store, truth)
	})
}

func checkMessage(t *testing.T, m store.Message, tr archivesim.Truth) {
	t.Helper()
	var to []string
	_ = json.Unmarshal([]byte(m.ToList), &to)
	if tr.ToList == nil {
		tr.ToList = []string{}
	}
	if to == nil {
		to = []string{}
	}
	want := store.Message{MsgID: tr.MsgID, Seq: int64(tr.Seq), Action: tr.Action, MsgType: tr.MsgType, From: tr.From,
		RoomID: tr.RoomID, ConversationID: tr.ConversationID, PreMsgID: tr.PreMsgID, HasMedia: len(tr.Media),
		PublicKeyVer: tr.PublicKeyVer, ParseStatus: "ok"}
	got := store.Message{MsgID: m.MsgID, Seq: m.Seq, Action: m.Action, MsgType: m.MsgType, From: m.From, RoomID: m.RoomID,
		ConversationID: m.ConversationID, PreMsgID: m.PreMsgID, HasMedia: m.HasMedia, PublicKeyVer: m.PublicKeyVer,
		ParseStatus: m.ParseStatus}
	if got != want || !slices.Equal(to, tr.ToList) {
		t.Errorf("seq %d:\n got %+v to=%v\nwant %+v to=%v", tr.Seq, got, to, want, tr.ToList)
	}
	if m.Raw == "" || !json.Valid([]byte(m.Raw)) {
		t.Errorf("seq %d: raw JSON not kept", tr.Seq)
	}
}

func checkConversations(t *testing.T, st *store.Store, truth []archivesim.Truth) {
	t.Helper()
	want := map[string]map[string]bool{}
	for _, tr := range truth {
		if tr.ConversationID == "" {
			continue
		}
		if want[tr.ConversationID] == nil {
			want[tr.ConversationID] = map[string]bool{}
		}
		want[tr.ConversationID][tr.From] = true
		for _, p := range tr.ToList {
			want[tr.ConversationID][p] = true
		}
	}
	convs, err := st.Conversations(context.Background(), testCorp)
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != len(want) {
		t.Fatalf("%d conversations, want %d", len(convs), len(want))
	}
	for _, c := range convs {
		w := want[c.ConversationID]
		if len(w) != len(c.Participants) {
			t.Errorf("conversation %s participants %v, want %v", c.ConversationID, c.Participants, w)
		}
		for _, p := range c.Participants {
			if !w[p] {
				t.Errorf("conversation %s: unexpected participant %s", c.ConversationID, p)
			}
		}
		if (c.RoomID != "") != (c.Kind == "group") {
			t.Errorf("conversation %s kind %s room %q", c.ConversationID, c.Kind, c.RoomID)
		}
	}
}

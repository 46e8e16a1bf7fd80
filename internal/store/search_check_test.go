package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
)

// TestCheckedSearchSeesTranscripts: a phrase the store must re-check
// (textindex.Term.Lossy) is re-checked against the text the index was fed,
// so a phrase present only in a voice transcript is found, and an
// exclusion present only there excludes.
func TestCheckedSearchSeesTranscripts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		for i, m := range []store.Message{
			{MsgID: "voice", MsgType: "voice", Content: "[语音]", HasMedia: 1},
			{MsgID: "text", MsgType: "text", Content: "患者皮疹3天了"},
			{MsgID: "other", MsgType: "text", Content: "皮疹3周"},
		} {
			m.CorpID, m.Seq, m.MsgTime, m.From, m.ToList = "wwc1", int64(i+1), int64(i+1), "e0", `["wm1"]`
			if _, err := st.InsertMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		mid, _, err := st.InsertMedia(ctx, store.Media{CorpID: "wwc1", MsgID: "voice", SDKFileID: "f1", Kind: "voice", State: "transcribed"})
		if err != nil {
			t.Fatal(err)
		}
		const said = "医生说患者皮疹3天，停药观察"
		if _, err := st.InsertTranscript(ctx, store.Transcript{MediaID: mid, CorpID: "wwc1", Engine: "test", Language: "zh", Text: said}); err != nil {
			t.Fatal(err)
		}
		if err := st.IndexMessageText(ctx, "wwc1", "voice", said); err != nil {
			t.Fatal(err)
		}
		all := store.MessageFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{`"皮疹3天"`, []string{"text", "voice"}},
			{`"皮疹3天" -"药观"`, []string{"text"}},
			{`皮疹 -"停药观察"`, []string{"other", "text"}},
			{`"皮疹3" -"疹3周"`, []string{"text", "voice"}},
		} {
			q, err := textindex.Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got, err := st.SearchMessages(ctx, q, all, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range got {
				ids = append(ids, m.MsgID)
			}
			if len(ids) != len(tc.want) || (len(ids) > 0 && (ids[0] != tc.want[0] || ids[len(ids)-1] != tc.want[len(tc.want)-1])) {
				t.Errorf("%s: %v, want %v", tc.q, ids, tc.want)
			}
		}
	})
}

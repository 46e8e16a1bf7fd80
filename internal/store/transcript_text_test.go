package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestMessageTranscriptText(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwc1", "c1")
		if got, err := st.MessageTranscriptText(ctx, "wwc1", "v1"); err != nil || got != "" {
			t.Fatalf("no media: %q %v", got, err)
		}
		id, _, err := st.InsertMedia(ctx, store.Media{CorpID: "wwc1", MsgID: "v1", SDKFileID: "f1", Kind: "voice", State: "converted"})
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{"样品周五前到科室。", "是冷链运输。"} {
			if _, err := st.InsertTranscript(ctx, store.Transcript{MediaID: id, CorpID: "wwc1", Engine: "azure", Language: "zh-CN", Text: text}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.MessageTranscriptText(ctx, "wwc1", "v1")
		if err != nil || got != "样品周五前到科室。\n是冷链运输。" {
			t.Fatalf("%q %v", got, err)
		}
		if got, _ := st.MessageTranscriptText(ctx, "wwc2", "v1"); got != "" {
			t.Fatalf("other corp sees %q", got)
		}
	})
}

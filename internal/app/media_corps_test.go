package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"wecomadmin/internal/config"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestMediaSourcesOfCorpAddedInUI: a corp added in the UI (stored archive
// settings and sealed secret) gets a media source, rescan and settings like
// a config corp; one without an archive says so clearly; an edit of its
// archive settings reopens the source.
func TestMediaSourcesOfCorpAddedInUI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		box, err := secretbox.New(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []store.Corp{{CorpID: "wwui0001", Key: "ui"}, {CorpID: "wwui0002", Key: "noarch"}} {
			if err := st.UpsertCorp(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		sealed, err := box.Seal("s3cret", "wwui0001/archive")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetCorpSecret(ctx, "wwui0001", "archive", sealed); err != nil {
			t.Fatal(err)
		}
		if err := st.SetCorpArchive(ctx, store.CorpArchive{CorpID: "wwui0001", Source: "sim", URL: "http://127.0.0.1:9"}); err != nil {
			t.Fatal(err)
		}
		cfg := config.Defaults()
		cfg.Corps = []config.Corp{{Key: "main", CorpID: "wwconf0001"}}
		v := newMediaCorpsView(cfg, st, box, nil)
		first, err := v.Source("wwui0001")
		if err != nil || first == nil {
			t.Fatalf("UI corp source: %v", err)
		}
		if again, _ := v.Source("wwui0001"); again != first {
			t.Error("source not reused")
		}
		if err := st.SetCorpArchive(ctx, store.CorpArchive{CorpID: "wwui0001", Source: "sim", URL: "http://127.0.0.1:10"}); err != nil {
			t.Fatal(err)
		}
		if edited, err := v.Source("wwui0001"); err != nil || edited == first {
			t.Errorf("after an edit: same source %v, err %v", edited == first, err)
		}
		if _, err := v.Source("wwui0002"); err == nil || !strings.Contains(err.Error(), "no archive source") {
			t.Errorf("corp without archive: %v", err)
		}
		if v.Settings("wwui0001").TranscribeAllAudio {
			t.Error("call transcription on by default")
		}
		if err := st.SetAccountSettings(ctx, "wwui0001", `{"transcribe_all_audio":true}`); err != nil {
			t.Fatal(err)
		}
		if !v.Settings("wwui0001").TranscribeAllAudio {
			t.Error("the corp's setting is not applied")
		}
		ids, err := v.CorpIDs(ctx)
		slices.Sort(ids)
		if err != nil || strings.Join(ids, ",") != "wwconf0001,wwui0001,wwui0002" {
			t.Errorf("rescan corps %v %v", ids, err)
		}
	})
}

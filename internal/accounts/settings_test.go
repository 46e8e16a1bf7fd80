package accounts

import (
	"context"
	"testing"

	"wecomadmin/internal/store/storetest"
)

// TestTranscribeAllAudioSettingAudited: turning call transcription on or
// off is stored and the audit entry says which way.
func TestTranscribeAllAudioSettingAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		svc, au := newService(t, b.Store, newFake())
		for _, on := range []bool{true, false} {
			if err := svc.SaveSettings(ctx, "main", Settings{TranscribeAllAudio: on}); err != nil {
				t.Fatal(err)
			}
			got, err := svc.Settings(ctx, "main")
			if err != nil || got.TranscribeAllAudio != on {
				t.Fatalf("stored %+v %v", got, err)
			}
			m := au.metas[len(au.metas)-1]
			if au.events[len(au.events)-1].action != "accounts.settings_update" || m["transcribe_all_audio"] != on {
				t.Fatalf("audit %+v %v", au.events, m)
			}
		}
		if err := svc.SaveSettings(ctx, "main", Settings{}); err != nil {
			t.Fatal(err)
		}
		// Every change carries before and after; the transcription switch is named only when it moved.
		if m := au.metas[len(au.metas)-1]; m["transcribe_all_audio"] != nil || m["before"] == nil || m["after"] == nil {
			t.Errorf("an unchanged setting logged %v", m)
		}
	})
}

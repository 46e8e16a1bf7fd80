package media

import (
	"testing"

	"wecomadmin/internal/media/stt"
	"wecomadmin/internal/store"
)

// TestTranscribesPerSeed: voice is transcribed; meeting_voice_call and
// other audio only when the corp turned it on; nothing without an engine.
func TestTranscribesPerSeed(t *testing.T) {
	eng := &stt.Sphinx{}
	cases := []struct {
		kind  string
		cs    CorpSettings
		wants bool
	}{
		{"voice", CorpSettings{STT: eng}, true},
		{"meeting_voice_call", CorpSettings{STT: eng}, false},
		{"file", CorpSettings{STT: eng}, false},
		{"meeting_voice_call", CorpSettings{STT: eng, TranscribeAllAudio: true}, true},
		{"file", CorpSettings{STT: eng, TranscribeAllAudio: true}, true},
		{"voice", CorpSettings{}, false},
	}
	for _, c := range cases {
		if got := c.cs.transcribes(&store.Media{Kind: c.kind, SniffedType: "audio/mpeg"}); got != c.wants {
			t.Errorf("%s all=%v engine=%v: %v, want %v", c.kind, c.cs.TranscribeAllAudio, c.cs.STT != nil, got, c.wants)
		}
	}
}

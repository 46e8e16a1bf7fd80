package media_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"
	"unicode"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/media"
	"wecomadmin/internal/media/stt"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/textindex"
	"wecomadmin/internal/wecomsim/archivesim"
	"wecomadmin/internal/wecomsim/speechsim"
)

// The generated archive's voice messages and call recordings go through
// the pipeline with the Azure engine pointed at the simulator's Azure
// endpoint: each ends transcribed with its script, and a word of the
// script finds its message in the search index.
func TestGeneratedVoiceTranscribedByAzureAndSearchable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		t.Parallel()
		storetest.SeedCorp(t, b.Store, testCorp, "main")
		arch, _ := archivesim.Generate(nil, archivesim.Options{Seed: 3, Messages: len(archivesim.MsgTypes)})
		spoken := arch.Spoken()
		if len(spoken) < 2 {
			t.Fatalf("generator made %d voice/call files", len(spoken))
		}
		archSrv := httptest.NewServer(archivesim.NewServer(arch, archivesim.Config{CorpID: testCorp, Secret: "sim"}))
		t.Cleanup(archSrv.Close)
		var scripts []speechsim.Script
		for _, s := range spoken {
			scripts = append(scripts, speechsim.Script{Audio: s.Audio, Text: s.Text})
		}
		// Every second answer is throttled: the client waits out Retry-After.
		speech := speechsim.New(speechsim.Config{Key: "sim", Faults: newRates(map[string]float64{"stt429": 0.5}),
			Scripts: func() []speechsim.Script { return scripts }})
		speechSrv := httptest.NewServer(speech)
		t.Cleanup(speechSrv.Close)

		s := &sim{arch: arch, url: archSrv.URL}
		// A patient archive client: this test is about transcripts, not
		// download timeouts on a loaded machine.
		client := finance.NewSimClient(archSrv.URL, testCorp, "sim")
		client.Timeout = time.Minute
		src := func(string) (media.Fetcher, error) { return client, nil }
		r := newRig(t, rigOpts{st: b.Store, src: src, deps: func(d *media.Deps) {
			d.Audio = realAudio(t)
			d.Corp = func(string) media.CorpSettings {
				// The corp turned on transcription of call recordings too.
				return media.CorpSettings{AllowUnscanned: true, Language: "zh-CN", STT: &stt.Azure{Endpoint: speechSrv.URL, Key: "sim"},
					TranscribeAllAudio: true}
			}
			d.OnTranscript = b.Store.IndexMessageText
		}})
		want := map[string]string{} // msgid → script
		for _, sp := range spoken {
			kind := "voice"
			if string(sp.Audio[:2]) != "#!" {
				kind = "meeting_voice_call"
			}
			msgid := "stt-" + sp.FileID
			r.enqueue(t, msgid, "alice", s.add(sp.FileID, kind, "", sp.Audio))
			want[msgid] = sp.Text
		}
		r.start()
		r.wait(t, 5*time.Minute)
		for _, m := range r.all(t) {
			tr, err := r.svc.Transcript(adminCtx(), m.ID)
			if m.State != media.StateTranscribed || err != nil || tr.Text != want[m.MsgID] || tr.Engine != "azure" {
				t.Fatalf("%s: state %s (%s), transcript %+v %v", m.MsgID, m.State, m.LastError, tr, err)
			}
		}
		// A four-character piece of the first script finds its message.
		first := "stt-" + spoken[0].FileID
		term := hanRun(want[first], 4)
		q, err := textindex.Parse(term)
		if err != nil {
			t.Fatal(err)
		}
		hits, err := b.Store.SearchMessages(context.Background(), q, store.MessageFilter{CorpID: testCorp, Scope: store.DeptScope{All: true}}, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hits {
			found = found || h.MsgID == first
		}
		if !found {
			t.Fatalf("search %q: %d hits, none is %s", term, len(hits), first)
		}
	})
}

// hanRun returns the first n Chinese characters in a row in s.
func hanRun(s string, n int) string {
	var run []rune
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			run = run[:0]
			continue
		}
		if run = append(run, r); len(run) == n {
			break
		}
	}
	return string(run)
}

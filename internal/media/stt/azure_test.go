package stt_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/media/stt"
	"wecomadmin/internal/wecomsim/speechsim"
)

const speechKey = "sim-speech-key"

// voice is seconds of a tone; phase makes two voices differ.
func voice(seconds, phase float64) []byte {
	n := int(seconds * 16000)
	pcm := make([]byte, 2*n)
	for i := range n {
		binary.LittleEndian.PutUint16(pcm[2*i:], uint16(int16(6000*math.Sin(phase+float64(i)/5))))
	}
	return pcm
}

// faultQueue fires the queued faults in order, one per request.
type faultQueue struct {
	mu    sync.Mutex
	names []string
}

func (q *faultQueue) Hit(name string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.names) > 0 && q.names[0] == name {
		q.names = q.names[1:]
		return true
	}
	return false
}

// fake serves the simulator's Azure endpoint knowing scripts, counting requests.
func fake(t *testing.T, faults []string, scripts ...speechsim.Script) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	s := speechsim.New(speechsim.Config{Key: speechKey, Faults: &faultQueue{names: faults}, RetryAfter: 1,
		Scripts: func() []speechsim.Script { return scripts }})
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func writeWAV(t *testing.T, pcm []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "stt.wav")
	if err := os.WriteFile(p, speechsim.WAV(pcm), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The Azure client against the simulator's Azure endpoint: every answer
// the short-audio API gives, and the retries.
func TestAzureAgainstSimulator(t *testing.T) {
	t.Parallel()
	said := "王主任，样品周五前到科室。"
	known := voice(3, 0)
	script := speechsim.Script{Audio: speechsim.WAV(known), Text: said}
	cases := []struct {
		name     string
		pcm      []byte
		key      string
		faults   []string
		text     string
		err      error // errors.Is
		status   int   // *stt.HTTPError status
		requests int32
	}{
		{name: "success", pcm: known, key: speechKey, text: said, requests: 1},
		{name: "nomatch", pcm: voice(3, 1), key: speechKey, err: stt.ErrNoSpeech, requests: 1},
		{name: "silence", pcm: make([]byte, 64000), key: speechKey, err: stt.ErrNoSpeech, requests: 1},
		{name: "bad key", pcm: known, key: "wrong", err: stt.ErrUnauthorized, status: 401, requests: 1},
		{name: "no key", pcm: known, key: "", err: stt.ErrUnauthorized, status: 403, requests: 1},
		{name: "429 then success", pcm: known, key: speechKey, faults: []string{"stt429"}, text: said, requests: 2},
		{name: "5xx then success", pcm: known, key: speechKey, faults: []string{"stt5xx", "stt5xx"}, text: said, requests: 3},
		{name: "5xx every time", pcm: known, key: speechKey, faults: []string{"stt5xx", "stt5xx", "stt5xx", "stt5xx"}, status: 503, requests: 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, n := fake(t, c.faults, script)
			az := &stt.Azure{Endpoint: srv.URL, Key: c.key}
			res, err := az.Transcribe(context.Background(), stt.Request{WAVPath: writeWAV(t, c.pcm), Language: "zh-CN"})
			if c.err != nil && !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			var he *stt.HTTPError
			if c.status != 0 && (!errors.As(err, &he) || he.Status != c.status) {
				t.Fatalf("err = %v, want HTTP %d", err, c.status)
			}
			if c.err == nil && c.status == 0 && (err != nil || res.Text != c.text || res.Language != "zh-CN" || res.Confidence < 0.8 || res.Duration <= 0) {
				t.Fatalf("%+v %v", res, err)
			}
			if got := n.Load(); got != c.requests {
				t.Fatalf("%d requests, want %d", got, c.requests)
			}
		})
	}
}

// A call longer than the API's 60 s goes in segments, each a valid WAV the
// endpoint accepts, and the texts are joined.
func TestAzureSplitsLongAudio(t *testing.T) {
	t.Parallel()
	pcm := voice(70, 2)
	cut := 55 * 32000
	srv, n := fake(t, nil,
		speechsim.Script{Audio: speechsim.WAV(pcm[:cut]), Text: "第一段。"},
		speechsim.Script{Audio: speechsim.WAV(pcm[cut:]), Text: "第二段。"})
	az := &stt.Azure{Endpoint: srv.URL, Key: speechKey}
	res, err := az.Transcribe(context.Background(), stt.Request{WAVPath: writeWAV(t, pcm), Language: "zh-CN"})
	if err != nil || res.Text != "第一段。第二段。" || n.Load() != 2 {
		t.Fatalf("%+v %v (%d requests)", res, err, n.Load())
	}
	if res.Duration < 69*time.Second {
		t.Fatalf("duration %v", res.Duration)
	}
}

// The documentation's samples quote Offset, Duration and Confidence; the
// client reads both shapes, and the detailed format without DisplayText.
func TestAzureReadsDocumentedSample(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"RecognitionStatus":"Success","Offset":"1236645672289","Duration":"1236645672289",
			"NBest":[{"Confidence":"0.87","Lexical":"remind me to buy five pencils","ITN":"remind me to buy 5 pencils",
			"MaskedITN":"remind me to buy 5 pencils","Display":"Remind me to buy 5 pencils."}]}`)
	}))
	defer srv.Close()
	res, err := (&stt.Azure{Endpoint: srv.URL, Key: "k"}).Transcribe(context.Background(), stt.Request{WAVPath: writeWAV(t, voice(1, 0)), Language: "en-US"})
	if err != nil || res.Text != "Remind me to buy 5 pencils." || res.Confidence != 0.87 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestAzureRegionHosts(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]string{
		"eastasia":   "https://eastasia.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1",
		"chinaeast2": "https://chinaeast2.stt.speech.azure.cn/speech/recognition/conversation/cognitiveservices/v1",
	} {
		var got string
		az := &stt.Azure{Region: region, Key: "k", MaxAttempts: 1, HTTP: &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			got = r.URL.Scheme + "://" + r.URL.Host + r.URL.Path
			return nil, errors.New("offline")
		})}}
		_, _ = az.Transcribe(context.Background(), stt.Request{WAVPath: writeWAV(t, voice(1, 0)), Language: "zh-CN"})
		if got != want {
			t.Errorf("%s: %s, want %s", region, got, want)
		}
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

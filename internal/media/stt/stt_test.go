package stt_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/media/stt"
)

func wavFile(t *testing.T) (string, []byte) {
	t.Helper()
	body := append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 64)...)
	p := filepath.Join(t.TempDir(), "a.wav")
	if err := os.WriteFile(p, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, body
}

// The local Azure server checks the documented request of the short-audio
// REST API and answers in its documented detailed format.
func TestAzureShortAudioREST(t *testing.T) {
	t.Parallel()
	wav, body := wavFile(t)
	status := "Success"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		got, _ := io.ReadAll(r.Body)
		switch {
		case r.Method != http.MethodPost || r.URL.Path != "/speech/recognition/conversation/cognitiveservices/v1":
			http.Error(w, "bad route", 404)
		case q.Get("language") != "zh-CN" || q.Get("format") != "detailed":
			http.Error(w, "bad query", 400)
		case r.Header.Get("Ocp-Apim-Subscription-Key") != "k3y":
			http.Error(w, "unauthorized", http.StatusUnauthorized)
		case r.Header.Get("Content-Type") != "audio/wav; codecs=audio/pcm; samplerate=16000" || string(got) != string(body):
			http.Error(w, "bad audio", http.StatusUnsupportedMediaType)
		default:
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"RecognitionStatus":"`+status+`","DisplayText":"请明天上报不良事件。","Offset":1800000,"Duration":32100000,
				"NBest":[{"Confidence":0.93,"Lexical":"请 明天 上报 不良 事件","ITN":"请明天上报不良事件","MaskedITN":"请明天上报不良事件","Display":"请明天上报不良事件。"}]}`)
		}
	}))
	defer srv.Close()
	az := &stt.Azure{Endpoint: srv.URL, Key: "k3y"}
	res, err := az.Transcribe(context.Background(), stt.Request{WAVPath: wav, Language: "zh-CN"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != "请明天上报不良事件。" || res.Confidence != 0.93 || res.Language != "zh-CN" || res.Duration.Seconds() != 3.21 {
		t.Fatalf("%+v", res)
	}
	status = "NoMatch"
	if _, err := az.Transcribe(context.Background(), stt.Request{WAVPath: wav, Language: "zh-CN"}); !errors.Is(err, stt.ErrNoSpeech) {
		t.Fatalf("NoMatch: %v", err)
	}
	bad := &stt.Azure{Endpoint: srv.URL, Key: "wrong"}
	if _, err := bad.Transcribe(context.Background(), stt.Request{WAVPath: wav, Language: "zh-CN"}); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("bad key: %v", err)
	}
	if got := (&stt.Azure{Region: "chinaeast2"}).Name(); got != "azure" {
		t.Fatal(got)
	}
}

// The local Whisper server checks the multipart request of
// /v1/audio/transcriptions and answers verbose_json.
func TestOpenAICompatibleTranscriptions(t *testing.T) {
	t.Parallel()
	wav, body := wavFile(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/audio/transcriptions" || r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "bad request line", 400)
			return
		}
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f, fh, err := r.FormFile("file")
		if err != nil {
			http.Error(w, "no file", 400)
			return
		}
		got, _ := io.ReadAll(f)
		if string(got) != string(body) || fh.Filename != "a.wav" || r.FormValue("model") != "whisper-large-v3" ||
			r.FormValue("language") != "zh" || r.FormValue("response_format") != "verbose_json" {
			http.Error(w, "bad form", http.StatusUnprocessableEntity)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"task": "transcribe", "language": "chinese", "duration": 3.5,
			"text": " 请明天上报不良事件。", "segments": []map[string]any{
				{"id": 0, "seek": 0, "start": 0.0, "end": 3.5, "text": "请明天上报不良事件。", "avg_logprob": -0.1, "no_speech_prob": 0.0, "temperature": 0.0, "compression_ratio": 1.0, "tokens": []int{1}},
			}})
	}))
	defer srv.Close()
	for _, base := range []string{srv.URL, srv.URL + "/v1", srv.URL + "/"} {
		o := &stt.OpenAI{BaseURL: base, Key: "tok", Model: "whisper-large-v3"}
		res, err := o.Transcribe(context.Background(), stt.Request{WAVPath: wav, Language: "zh-CN"})
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if res.Text != "请明天上报不良事件。" || res.Language != "chinese" || res.Confidence < 0.9 || res.Duration.Seconds() != 3.5 {
			t.Fatalf("%+v", res)
		}
	}
}

func TestGrammar(t *testing.T) {
	t.Parallel()
	g := stt.Grammar([]string{"Adverse event", "doctor", "不良事件", "doctor", "x1"})
	want := "#JSGF V1.0;\ngrammar vocab;\npublic <s> = <w>+;\n<w> = adverse | doctor | event;\n"
	if g != want {
		t.Fatalf("%q", g)
	}
	if stt.Grammar([]string{"不良"}) != "" {
		t.Fatal("non-English vocabulary should give no grammar")
	}
}

package speechsim_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/wecomsim/speechsim"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const (
	key     = "sim-speech-key"
	wavType = "audio/wav; codecs=audio/pcm; samplerate=16000"
	said    = "请明天上报不良事件，谢谢！"
)

// tone is n seconds of a 440 Hz tone after 0.25 s of silence, with a
// phase so two tones differ.
func tone(seconds float64, phase float64) []byte {
	n := int(seconds * 16000)
	pcm := make([]byte, 2*n)
	for i := 4000; i < n; i++ {
		v := int16(8000 * math.Sin(phase+2*math.Pi*440*float64(i)/16000))
		binary.LittleEndian.PutUint16(pcm[2*i:], uint16(v))
	}
	return pcm
}

// queue fires the named faults in order, one per request.
type queue struct {
	mu    sync.Mutex
	names []string
}

func (q *queue) Hit(name string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.names) > 0 && q.names[0] == name {
		q.names = q.names[1:]
		return true
	}
	return false
}

func newServer(t *testing.T, faults speechsim.Faults) *httptest.Server {
	t.Helper()
	s := speechsim.New(speechsim.Config{Key: key, Faults: faults, RetryAfter: 2, SlowDelay: 10 * time.Millisecond,
		Scripts: func() []speechsim.Script { return []speechsim.Script{{Audio: speechsim.WAV(tone(2, 0)), Text: said}} },
		Decode:  func(context.Context, []byte) ([]byte, error) { return nil, errors.New("no decoder in this test") }})
	mux := http.NewServeMux()
	s.Register(mux.Handle)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestWireFormat compares each answer (status, headers, body) with its
// golden file: the request checks and the response shapes of Azure's
// short-audio API.
func TestWireFormat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, query, ctype, key, fault string
		body                           []byte
	}{
		{"success_detailed", "language=zh-CN&format=detailed", wavType, key, "", speechsim.WAV(tone(2, 0))},
		{"success_simple", "language=zh-CN", wavType, key, "", speechsim.WAV(tone(2, 0))},
		{"nomatch", "language=zh-CN&format=detailed", wavType, key, "", speechsim.WAV(tone(2, 1))},
		{"silence", "language=zh-CN&format=detailed", wavType, key, "", speechsim.WAV(make([]byte, 32000))},
		{"bad_key", "language=zh-CN", wavType, "wrong", "", speechsim.WAV(tone(1, 0))},
		{"no_key", "language=zh-CN", wavType, "", "", speechsim.WAV(tone(1, 0))},
		{"no_language", "format=detailed", wavType, key, "", speechsim.WAV(tone(1, 0))},
		{"bad_format", "language=zh-CN&format=verbose", wavType, key, "", speechsim.WAV(tone(1, 0))},
		{"bad_content_type", "language=zh-CN", "audio/mpeg", key, "", speechsim.WAV(tone(1, 0))},
		{"wrong_rate", "language=zh-CN", wavType, key, "", wav8k()},
		{"too_long", "language=zh-CN", wavType, key, "", speechsim.WAV(make([]byte, 61*32000))},
		{"throttled", "language=zh-CN", wavType, key, "stt429", speechsim.WAV(tone(1, 0))},
		{"unavailable", "language=zh-CN", wavType, key, "stt5xx", speechsim.WAV(tone(1, 0))},
		{"slow", "language=zh-CN", wavType, key, "sttslow", speechsim.WAV(tone(2, 0))}, // late, then the answer
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, &queue{names: []string{c.fault}})
			req, _ := http.NewRequest(http.MethodPost, srv.URL+speechsim.Path+"?"+c.query, bytes.NewReader(c.body))
			req.Header.Set("Content-Type", c.ctype)
			if c.key != "" {
				req.Header.Set("Ocp-Apim-Subscription-Key", c.key)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b strings.Builder
			fmt.Fprintf(&b, "HTTP %d\n", resp.StatusCode)
			var names []string
			for k := range resp.Header {
				if k == "Content-Type" || k == "Retry-After" {
					names = append(names, k)
				}
			}
			sort.Strings(names)
			for _, k := range names {
				fmt.Fprintf(&b, "%s: %s\n", k, resp.Header.Get(k))
			}
			var body bytes.Buffer
			_, _ = body.ReadFrom(resp.Body)
			b.WriteString("\n" + body.String())
			golden(t, filepath.Join("testdata", c.name+".golden"), b.String())
		})
	}
}

func wav8k() []byte {
	w := speechsim.WAV(tone(1, 0))
	binary.LittleEndian.PutUint32(w[24:], 8000)
	return w
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// Package speechsim stands in for Azure Speech's speech-to-text REST API
// for short audio, which cannot be reached here. It serves Azure's path and
// wire format: POST /speech/recognition/conversation/cognitiveservices/v1
// ?language=zh-CN&format=simple|detailed, the key in
// Ocp-Apim-Subscription-Key, a 16 kHz mono PCM WAV or Ogg/Opus body, and a
// JSON result with RecognitionStatus, DisplayText, Offset and Duration
// (100-ns ticks) and, in the detailed format, NBest alternatives.
//
// It recognises only audio the simulator generated: the archive simulator
// records what each voice message and call recording says, and this server
// answers with that script when the samples it is sent are those of the
// generated file (decoded as the portal does); any other speech is NoMatch,
// silence is InitialSilenceTimeout.
package speechsim

import (
	"context"
	"crypto/sha256"
	"net/http"
	"sync"
	"time"
)

// Path is the short-audio recognition path, the same as Azure's.
const Path = "/speech/recognition/conversation/cognitiveservices/v1"

// Faults decides whether a named fault fires on this request; the simulator
// core's Faults satisfies it. Names: "stt429" (429 Too Many Requests with
// Retry-After), "stt5xx" (500 or 503), "sttslow" (answer after SlowDelay).
type Faults interface {
	Hit(name string) bool
}

type noFaults struct{}

func (noFaults) Hit(string) bool { return false }

// Script is generated audio and what it says.
type Script struct {
	Audio []byte // as generated: AMR, MP3, or a 16 kHz mono WAV
	Text  string
}

// Config configures the server. Zero values take the defaults noted.
type Config struct {
	Key     string          // the accepted Ocp-Apim-Subscription-Key (required)
	Scripts func() []Script // the generated audio; called again while some is unmatched
	Faults  Faults          // nil: none
	// Decode turns generated audio into 16 kHz mono 16-bit PCM; default
	// FFmpeg. Scripts given as such WAV files need no decoder.
	Decode     func(ctx context.Context, audio []byte) ([]byte, error)
	RetryAfter int           // seconds sent with a 429 (default 1)
	SlowDelay  time.Duration // how long "sttslow" holds a request (default 2 s)
	Closing    <-chan struct{}
}

// Server is the fake Azure Speech endpoint; it is an http.Handler.
type Server struct {
	cfg Config

	mu      sync.Mutex
	texts   map[[32]byte]string // sha256 of the PCM samples → script
	indexed int                 // Scripts() entries already in texts
}

// New returns the server.
func New(cfg Config) *Server {
	if cfg.Faults == nil {
		cfg.Faults = noFaults{}
	}
	if cfg.Decode == nil {
		cfg.Decode = FFmpeg
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = 1
	}
	if cfg.SlowDelay <= 0 {
		cfg.SlowDelay = 2 * time.Second
	}
	if cfg.Scripts == nil {
		cfg.Scripts = func() []Script { return nil }
	}
	return &Server{cfg: cfg, texts: map[[32]byte]string{}}
}

// Register mounts the recognition route (the simulator core's Mount has
// this shape).
func (s *Server) Register(mount func(pattern string, h http.Handler)) {
	mount("POST "+Path, s)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.recognize(w, r)
}

// lookup returns the script of the samples, indexing scripts not yet seen
// (decoding each generated file once) until it finds them.
func (s *Server) lookup(ctx context.Context, pcm []byte) (string, bool) {
	sum := sha256.Sum256(pcm)
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.texts[sum]; ok {
		return t, true
	}
	all := s.cfg.Scripts()
	for ; s.indexed < len(all); s.indexed++ {
		sc := all[s.indexed]
		samples, err := wavPCM(sc.Audio)
		if err != nil {
			if samples, err = s.cfg.Decode(ctx, sc.Audio); err != nil {
				if ctx.Err() != nil {
					return "", false // try this file again on a later request
				}
				continue // undecodable: it can never be matched
			}
		}
		h := sha256.Sum256(samples)
		s.texts[h] = sc.Text
		if h == sum {
			s.indexed++
			break // the rest waits for a request that needs it
		}
	}
	t, ok := s.texts[sum]
	return t, ok
}

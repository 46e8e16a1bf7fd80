// Package stt is speech-to-text behind one interface, chosen per corp:
// Azure Speech's REST API for short audio, an OpenAI-compatible
// /v1/audio/transcriptions endpoint (how on-premise Whisper servers are
// run), and Debian's pocketsphinx (English, offline).
package stt

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// ErrNoSpeech means the engine heard nothing it could transcribe.
var ErrNoSpeech = errors.New("stt: no speech recognised")

// Request is one transcription: a 16 kHz mono 16-bit PCM WAV file.
type Request struct {
	WAVPath  string
	Language string // BCP 47, e.g. zh-CN, en-US
	// Vocabulary restricts an offline engine to these words (a corp's
	// compliance terms); cloud engines ignore it.
	Vocabulary []string
}

// Result is a transcript.
type Result struct {
	Text       string
	Language   string
	Confidence float64 // 0..1; 0 when the engine gives none
	Duration   time.Duration
}

// Engine transcribes audio.
type Engine interface {
	Name() string
	Transcribe(ctx context.Context, req Request) (Result, error)
}

// httpClient is the default client of the cloud engines.
func httpClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: 2 * time.Minute}
}

package stt

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// OpenAI calls an OpenAI-compatible POST {BaseURL}/v1/audio/transcriptions
// (multipart: file, model, language, response_format=verbose_json), the API
// on-premise Whisper servers offer.
type OpenAI struct {
	BaseURL string // e.g. http://whisper.internal:8000
	Key     string // optional bearer token
	Model   string // default whisper-1
	HTTP    *http.Client
}

// Name implements Engine.
func (o *OpenAI) Name() string { return "openai" }

type verboseJSON struct {
	Text     string  `json:"text"`
	Language string  `json:"language"`
	Duration float64 `json:"duration"`
	Segments []struct {
		AvgLogprob   float64 `json:"avg_logprob"`
		NoSpeechProb float64 `json:"no_speech_prob"`
	} `json:"segments"`
}

// Transcribe implements Engine. The multipart body is streamed through a
// pipe, so the WAV is never held whole in memory.
func (o *OpenAI) Transcribe(ctx context.Context, req Request) (Result, error) {
	f, err := os.Open(req.WAVPath)
	if err != nil {
		return Result{}, fmt.Errorf("stt openai: %w", err)
	}
	defer f.Close()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() { pw.CloseWithError(o.writeForm(mw, f, req)) }()
	base := strings.TrimRight(strings.TrimSuffix(strings.TrimRight(o.BaseURL, "/"), "/v1"), "/")
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/audio/transcriptions", pr)
	if err != nil {
		return Result{}, fmt.Errorf("stt openai: %w", err)
	}
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	if o.Key != "" {
		hr.Header.Set("Authorization", "Bearer "+o.Key)
	}
	resp, err := httpClient(o.HTTP).Do(hr)
	if err != nil {
		return Result{}, fmt.Errorf("stt openai: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Result{}, fmt.Errorf("stt openai: HTTP %d", resp.StatusCode)
	}
	var v verboseJSON
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&v); err != nil {
		return Result{}, fmt.Errorf("stt openai: decode: %w", err)
	}
	text := strings.TrimSpace(v.Text)
	if text == "" {
		return Result{}, ErrNoSpeech
	}
	lang := v.Language
	if lang == "" {
		lang = req.Language
	}
	return Result{Text: text, Language: lang, Confidence: segmentConfidence(v), Duration: time.Duration(v.Duration * float64(time.Second))}, nil
}

func (o *OpenAI) writeForm(mw *multipart.Writer, f *os.File, req Request) error {
	model := o.Model
	if model == "" {
		model = "whisper-1"
	}
	fw, err := mw.CreateFormFile("file", filepath.Base(req.WAVPath))
	if err != nil {
		return err
	}
	if _, err := io.Copy(fw, f); err != nil {
		return err
	}
	lang, _, _ := strings.Cut(req.Language, "-") // Whisper takes ISO 639-1: zh, en
	for k, v := range map[string]string{"model": model, "language": strings.ToLower(lang), "response_format": "verbose_json"} {
		if err := mw.WriteField(k, v); err != nil {
			return err
		}
	}
	return mw.Close()
}

// segmentConfidence turns Whisper's mean token log-probability into 0..1.
func segmentConfidence(v verboseJSON) float64 {
	if len(v.Segments) == 0 {
		return 0
	}
	var sum float64
	for _, s := range v.Segments {
		sum += math.Exp(s.AvgLogprob) * (1 - s.NoSpeechProb)
	}
	return sum / float64(len(v.Segments))
}

package stt

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Azure calls Azure Speech's speech-to-text REST API for short audio
// (up to 60 s, which covers WeCom voice messages): POST the WAV to
// https://{region}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1
// with format=detailed, authenticated by Ocp-Apim-Subscription-Key.
type Azure struct {
	Region   string
	Endpoint string // overrides the regional host (sovereign clouds, tests)
	Key      string
	HTTP     *http.Client
}

// Name implements Engine.
func (a *Azure) Name() string { return "azure" }

type azureResponse struct {
	RecognitionStatus string
	DisplayText       string
	Offset            int64 // 100-ns ticks
	Duration          int64
	NBest             []struct {
		Confidence float64
		Lexical    string
		ITN        string
		MaskedITN  string
		Display    string
	}
}

func (a *Azure) endpoint() string {
	base := a.Endpoint
	if base == "" {
		base = "https://" + url.PathEscape(a.Region) + ".stt.speech.microsoft.com"
	}
	return strings.TrimRight(base, "/") + "/speech/recognition/conversation/cognitiveservices/v1"
}

// Transcribe implements Engine.
func (a *Azure) Transcribe(ctx context.Context, req Request) (Result, error) {
	f, err := os.Open(req.WAVPath)
	if err != nil {
		return Result{}, fmt.Errorf("stt azure: %w", err)
	}
	defer f.Close()
	q := url.Values{"language": {req.Language}, "format": {"detailed"}}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint()+"?"+q.Encode(), f)
	if err != nil {
		return Result{}, fmt.Errorf("stt azure: %w", err)
	}
	hr.Header.Set("Ocp-Apim-Subscription-Key", a.Key)
	hr.Header.Set("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000")
	hr.Header.Set("Accept", "application/json")
	resp, err := httpClient(a.HTTP).Do(hr)
	if err != nil {
		return Result{}, fmt.Errorf("stt azure: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Result{}, fmt.Errorf("stt azure: read: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return Result{}, fmt.Errorf("stt azure: HTTP %d", resp.StatusCode)
	}
	var r azureResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return Result{}, fmt.Errorf("stt azure: decode: %w", err)
	}
	switch r.RecognitionStatus {
	case "Success":
	case "NoMatch", "InitialSilenceTimeout", "BabbleTimeout":
		return Result{}, ErrNoSpeech
	default:
		return Result{}, fmt.Errorf("stt azure: recognition status %q", r.RecognitionStatus)
	}
	out := Result{Text: r.DisplayText, Language: req.Language, Duration: time.Duration(r.Duration) * 100}
	if len(r.NBest) > 0 {
		out.Confidence = r.NBest[0].Confidence
		if out.Text == "" {
			out.Text = r.NBest[0].Display
		}
	}
	return out, nil
}

package stt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Azure calls Azure Speech's speech-to-text REST API for short audio: POST
// a 16 kHz mono PCM WAV to
// https://{region}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1
// (https://{region}.stt.speech.azure.cn for the regions in China) with
// language and format=detailed, authenticated by Ocp-Apim-Subscription-Key.
// A request may hold at most 60 s of audio, so longer recordings (calls)
// are sent in segments and the texts joined. 429 is retried after its
// Retry-After, 5xx and transport errors with exponential backoff; 401 and
// 403 are not retried.
type Azure struct {
	Region   string
	Endpoint string // overrides the regional host (sovereign clouds, tests, the simulator)
	Key      string
	HTTP     *http.Client
	// MaxAttempts per segment (default 4); MaxWait caps one wait between
	// them (default 30 s): a longer Retry-After is left to the job's retry.
	MaxAttempts int
	MaxWait     time.Duration
}

// ErrUnauthorized means the key was refused (401) or missing (403).
var ErrUnauthorized = errors.New("stt: credentials refused")

// HTTPError is a non-200 answer.
type HTTPError struct {
	Engine     string
	Status     int
	RetryAfter time.Duration // from a 429's Retry-After, when given
	Body       string        // the start of the error body
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("stt %s: HTTP %d: %s", e.Engine, e.Status, e.Body)
}

// Unwrap makes 401 and 403 match ErrUnauthorized.
func (e *HTTPError) Unwrap() error {
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		return ErrUnauthorized
	}
	return nil
}

// Name implements Engine.
func (a *Azure) Name() string { return "azure" }

// number reads a JSON number, or a number in a string: the documentation's
// samples quote Offset, Duration and Confidence, the service does not.
type number float64

func (n *number) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	*n = number(f)
	return err
}

type azureResponse struct {
	RecognitionStatus string
	DisplayText       string
	Offset            number // 100-ns ticks
	Duration          number
	NBest             []struct {
		Confidence number
		Lexical    string
		ITN        string
		MaskedITN  string
		Display    string
	}
}

func (a *Azure) endpoint() string {
	base := a.Endpoint
	if base == "" {
		host := ".stt.speech.microsoft.com"
		if strings.HasPrefix(strings.ToLower(a.Region), "china") {
			host = ".stt.speech.azure.cn" // Azure operated by 21Vianet
		}
		base = "https://" + url.PathEscape(a.Region) + host
	}
	return strings.TrimRight(base, "/") + "/speech/recognition/conversation/cognitiveservices/v1"
}

// Transcribe implements Engine.
func (a *Azure) Transcribe(ctx context.Context, req Request) (Result, error) {
	w, err := openWAV(req.WAVPath)
	if err != nil {
		return Result{}, fmt.Errorf("stt azure: %w", err)
	}
	defer w.Close()
	var texts []string
	out := Result{Language: req.Language}
	var confSum float64
	var confN int
	for _, seg := range w.segments(segmentLimit) {
		r, err := a.segment(ctx, seg, req.Language)
		if errors.Is(err, ErrNoSpeech) {
			continue
		}
		if err != nil {
			return Result{}, err
		}
		texts = append(texts, r.Text)
		out.Duration += r.Duration
		if r.Confidence > 0 {
			confSum, confN = confSum+r.Confidence, confN+1
		}
	}
	if len(texts) == 0 {
		return Result{}, ErrNoSpeech
	}
	out.Text = joinTexts(texts, req.Language)
	if confN > 0 {
		out.Confidence = confSum / float64(confN)
	}
	return out, nil
}

// segment recognises one WAV segment, retrying what a retry can fix.
func (a *Azure) segment(ctx context.Context, seg segment, lang string) (Result, error) {
	attempts := a.MaxAttempts
	if attempts <= 0 {
		attempts = 4
	}
	maxWait := a.MaxWait
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	for attempt := 1; ; attempt++ {
		res, err := a.post(ctx, seg, lang)
		if err == nil || attempt >= attempts || ctx.Err() != nil {
			return res, err
		}
		var he *HTTPError
		wait := backoff(attempt)
		switch {
		case errors.As(err, &he) && he.Status == http.StatusTooManyRequests:
			if he.RetryAfter > 0 {
				wait = he.RetryAfter
			}
		case errors.As(err, &he) && he.Status < 500:
			return res, err // 400, 401, 403: the same request fails again
		case errors.Is(err, errDecode) || errors.Is(err, ErrNoSpeech):
			return res, err
		}
		if wait > maxWait {
			return res, err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return res, fmt.Errorf("stt azure: %w (after %v)", ctx.Err(), err)
		case <-t.C:
		}
	}
}

// backoff is 0.5 s doubling per attempt, with full jitter.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt-1, 6)
	return d/2 + rand.N(d/2+1)
}

var errDecode = errors.New("undecodable response")

func (a *Azure) post(ctx context.Context, seg segment, lang string) (Result, error) {
	q := url.Values{"language": {lang}, "format": {"detailed"}}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint()+"?"+q.Encode(), seg.reader())
	if err != nil {
		return Result{}, fmt.Errorf("stt azure: %w", err)
	}
	// A known length: without it Go would send the body chunked, which
	// Azure accepts only with Expect: 100-continue.
	hr.ContentLength = seg.size()
	hr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(seg.reader()), nil }
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
		return Result{}, &HTTPError{Engine: "azure", Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After")), Body: snippet(body)}
	}
	var r azureResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return Result{}, fmt.Errorf("stt azure: %w: %w", errDecode, err)
	}
	switch r.RecognitionStatus {
	case "Success":
	case "NoMatch", "InitialSilenceTimeout", "BabbleTimeout":
		return Result{}, ErrNoSpeech
	case "Error": // the service's internal error: worth another try
		return Result{}, fmt.Errorf("stt azure: recognition status %q", r.RecognitionStatus)
	default:
		return Result{}, fmt.Errorf("stt azure: %w: recognition status %q", errDecode, r.RecognitionStatus)
	}
	out := Result{Text: r.DisplayText, Language: lang, Duration: time.Duration(r.Duration) * 100}
	if len(r.NBest) > 0 {
		out.Confidence = float64(r.NBest[0].Confidence)
		if out.Text == "" {
			out.Text = r.NBest[0].Display
		}
	}
	if strings.TrimSpace(out.Text) == "" {
		return Result{}, ErrNoSpeech
	}
	return out, nil
}

// retryAfter reads Retry-After: delay-seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		n := 200
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
}

// joinTexts joins segment texts: no space in Chinese and Japanese.
func joinTexts(texts []string, lang string) string {
	sep := " "
	if l := strings.ToLower(lang); strings.HasPrefix(l, "zh") || strings.HasPrefix(l, "ja") {
		sep = ""
	}
	return strings.Join(texts, sep)
}

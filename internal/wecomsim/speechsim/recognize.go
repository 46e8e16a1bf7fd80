package speechsim

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// result is the response body. Real responses carry numbers for Offset,
// Duration and Confidence (the documentation's samples quote them).
type result struct {
	RecognitionStatus string
	DisplayText       string `json:",omitempty"`
	Offset            int64
	Duration          int64
	NBest             []alternative `json:",omitempty"`
}

type alternative struct {
	Confidence float64
	Lexical    string
	ITN        string
	MaskedITN  string
	Display    string
}

func (s *Server) recognize(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Ocp-Apim-Subscription-Key")
	switch {
	case key == "" && r.Header.Get("Authorization") == "":
		apiError(w, http.StatusForbidden, "Missing subscription key or authorization token.")
		return
	case key != s.cfg.Key:
		// Bearer tokens come from the token service, which is not simulated.
		apiError(w, http.StatusUnauthorized, "Access denied due to invalid subscription key or wrong API endpoint.")
		return
	}
	if s.fault(w, r) {
		return
	}
	q := r.URL.Query()
	format := strings.ToLower(q.Get("format"))
	switch {
	case q.Get("language") == "":
		apiError(w, http.StatusBadRequest, "The language parameter is required.")
		return
	case format != "" && format != "simple" && format != "detailed":
		apiError(w, http.StatusBadRequest, "The format parameter must be simple or detailed.")
		return
	}
	pcm, ok := s.samples(w, r)
	if !ok {
		return
	}
	offset, duration, silent := speechSpan(pcm)
	text, known := s.lookup(r.Context(), pcm)
	res := result{RecognitionStatus: "Success", Offset: offset, Duration: duration}
	switch {
	case known:
		res.DisplayText = text
		if format == "detailed" {
			plain := lexical(text)
			res.NBest = []alternative{{Confidence: confidence(pcm), Lexical: plain, ITN: plain, MaskedITN: plain, Display: text}}
		}
	case silent:
		res = result{RecognitionStatus: "InitialSilenceTimeout", Offset: duration}
	default:
		res.RecognitionStatus = "NoMatch"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(res)
}

// samples checks the content type, reads the body and returns its PCM
// samples; false means it answered.
func (s *Server) samples(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	mt, params := contentType(r.Header.Get("Content-Type"))
	wav := mt == "audio/wav" && params["codecs"] == "audio/pcm" && params["samplerate"] == "16000"
	ogg := mt == "audio/ogg" && params["codecs"] == "opus"
	if !wav && !ogg {
		apiError(w, http.StatusBadRequest, "Content-Type must be audio/wav; codecs=audio/pcm; samplerate=16000 or audio/ogg; codecs=opus.")
		return nil, false
	}
	// 60 s of 16 kHz 16-bit audio, its header, and some slack.
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSeconds*sampleRate*2+64<<10))
	if err != nil {
		apiError(w, http.StatusBadRequest, "The audio could not be read.")
		return nil, false
	}
	var pcm []byte
	if wav {
		pcm, err = wavPCM(body)
	} else if !bytes.HasPrefix(body, []byte("OggS")) {
		err = errNotWAV
	} else {
		pcm, err = s.cfg.Decode(r.Context(), body)
	}
	switch {
	case err != nil:
		apiError(w, http.StatusBadRequest, "The audio is invalid: "+err.Error())
		return nil, false
	case len(pcm) > maxSeconds*sampleRate*2:
		apiError(w, http.StatusBadRequest, "The audio is longer than 60 seconds.")
		return nil, false
	}
	return pcm, true
}

// fault applies injected faults; true means it answered.
func (s *Server) fault(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case s.cfg.Faults.Hit("stt429"):
		w.Header().Set("Retry-After", strconv.Itoa(s.cfg.RetryAfter))
		apiError(w, http.StatusTooManyRequests, "Too many requests. Please retry after the time given in Retry-After.")
		return true
	case s.cfg.Faults.Hit("stt5xx"):
		apiError(w, http.StatusServiceUnavailable, "The service is temporarily unavailable.")
		return true
	case s.cfg.Faults.Hit("sttslow"):
		t := time.NewTimer(s.cfg.SlowDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.cfg.Closing:
		}
	}
	return false
}

// apiError answers the gateway's error shape.
func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": strconv.Itoa(status), "message": msg}})
}

// lexical is the recognised words without punctuation, lower case, as the
// Lexical, ITN and MaskedITN forms give them.
func lexical(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// confidence is a stable score in [0.80, 0.98] for the samples.
func confidence(pcm []byte) float64 {
	h := sha256.Sum256(pcm)
	return math.Round((0.80+float64(h[0]%19)/100)*100) / 100
}

// contentType splits a Content-Type by hand: Azure's own value has an
// unquoted "/" in a parameter (codecs=audio/pcm), which RFC 2045 parsers
// such as mime.ParseMediaType refuse.
func contentType(v string) (string, map[string]string) {
	parts := strings.Split(v, ";")
	params := map[string]string{}
	for _, p := range parts[1:] {
		k, val, _ := strings.Cut(p, "=")
		params[strings.ToLower(strings.TrimSpace(k))] = strings.ToLower(strings.Trim(strings.TrimSpace(val), `"`))
	}
	return strings.ToLower(strings.TrimSpace(parts[0])), params
}

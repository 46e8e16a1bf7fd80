// Package audio converts voice messages with ffmpeg: AMR-NB/WB (voice) and
// MP3 (meeting_voice_call) to a browser-playable Opus or MP3 file plus a 16
// kHz mono WAV for speech-to-text, and measures durations with ffprobe.
//
// ffmpeg's native AMR-NB decoder prints "Corrupt bitstream" for the comfort-
// noise frames WeCom's (and sox's) encoders emit, yet decodes the speech; so
// success is judged by exit status and by the output (a non-empty file with a
// positive duration), never by noise on stderr.
package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ErrUnavailable means ffmpeg or ffprobe is not installed.
var ErrUnavailable = errors.New("audio: ffmpeg not available")

// ErrUndecodable means ffmpeg could not make audio out of the input.
var ErrUndecodable = errors.New("audio: input is not decodable audio")

// Format is a playable output format.
type Format string

const (
	Opus Format = "opus" // Ogg Opus, small, plays in every current browser
	MP3  Format = "mp3"
)

// Converter runs ffmpeg.
type Converter struct {
	ffmpeg, ffprobe string
	timeout         time.Duration
}

// New finds ffmpeg and ffprobe on PATH.
func New(timeout time.Duration) (*Converter, error) {
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	fp, err := exec.LookPath("ffprobe")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	return &Converter{ffmpeg: ff, ffprobe: fp, timeout: timeout}, nil
}

// Result describes a conversion.
type Result struct {
	Duration time.Duration // of the input
}

// ToPlayable writes a browser-playable file in format f.
func (c *Converter) ToPlayable(ctx context.Context, in Input, out string, f Format) (Result, error) {
	args := []string{"-vn", "-ac", "1"}
	switch f {
	case Opus:
		args = append(args, "-c:a", "libopus", "-b:a", "24k", "-f", "ogg")
	case MP3:
		args = append(args, "-c:a", "libmp3lame", "-q:a", "6", "-f", "mp3")
	default:
		return Result{}, fmt.Errorf("audio: unknown format %q", f)
	}
	return c.convert(ctx, in, out, args)
}

// ToTranscriptionWAV writes 16 kHz mono 16-bit PCM, what speech engines expect.
func (c *Converter) ToTranscriptionWAV(ctx context.Context, in Input, out string) (Result, error) {
	return c.convert(ctx, in, out, []string{"-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav"})
}

func (c *Converter) convert(ctx context.Context, in Input, out string, args []string) (Result, error) {
	inArgs, err := in.args()
	if err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	full := append(append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}, inArgs...), args...)
	full = append(full, out)
	cmd := exec.CommandContext(ctx, c.ffmpeg, full...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("%w: ffmpeg %v: %s", ErrUndecodable, err, lastLine(stderr.String()))
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() == 0 {
		return Result{}, fmt.Errorf("%w: ffmpeg wrote no output: %s", ErrUndecodable, lastLine(stderr.String()))
	}
	d, err := c.Duration(ctx, in)
	if err != nil {
		return Result{}, err
	}
	if d <= 0 {
		return Result{}, fmt.Errorf("%w: zero duration", ErrUndecodable)
	}
	return Result{Duration: d}, nil
}

// Duration asks ffprobe for a file's duration, read with the demuxer of its type.
func (c *Converter) Duration(ctx context.Context, in Input) (time.Duration, error) {
	inArgs, err := in.args()
	if err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, c.ffprobe, append([]string{"-v", "quiet", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1"}, inArgs...)...)
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%w: ffprobe: %v", ErrUndecodable, err)
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		return 0, fmt.Errorf("%w: ffprobe duration %q", ErrUndecodable, strings.TrimSpace(string(out)))
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// Version reports ffmpeg's version line, for the status page.
func (c *Converter) Version(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, c.ffmpeg, "-version").Output()
	if err != nil {
		return "", fmt.Errorf("audio: ffmpeg -version: %w", err)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return line, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

package audio

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// speechAMR synthesizes English speech with espeak-ng and encodes it to
// AMR-NB with sox, as WeCom voice messages are.
func speechAMR(t *testing.T, dir, text string) string {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s missing; make test installs it", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	wav := filepath.Join(dir, "speech.wav")
	amr := filepath.Join(dir, "voice.amr")
	if out, err := exec.Command("espeak-ng", "-v", "en-us", "-s", "130", "-w", wav, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	// -R: repeatable (fixed dither seed); sox dithers at random otherwise, and
	// the recogniser then misses a word now and then.
	if out, err := exec.Command("sox", "-R", wav, "-r", "8000", "-c", "1", "-t", "amr-nb", amr).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v %s", err, out)
	}
	return amr
}

func converter(t *testing.T) *Converter {
	t.Helper()
	c, err := New(time.Minute)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("ffmpeg missing: %v", err)
		}
		t.Skip(err)
	}
	return c
}

func TestAMRBecomesPlayableAndTranscribable(t *testing.T) {
	t.Parallel()
	c := converter(t)
	dir := t.TempDir()
	amr := speechAMR(t, dir, "hello doctor, please report the adverse event tomorrow morning")
	ctx := context.Background()
	for _, f := range []Format{Opus, MP3} {
		out := filepath.Join(dir, "voice."+string(f))
		res, err := c.ToPlayable(ctx, Input{amr, "audio/amr"}, out, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if res.Duration < 2*time.Second || res.Duration > 10*time.Second {
			t.Fatalf("%s: duration %v", f, res.Duration)
		}
		if d, err := c.Duration(ctx, Input{out, map[Format]string{Opus: "audio/ogg", MP3: "audio/mpeg"}[f]}); err != nil || d < time.Second {
			t.Fatalf("%s output duration %v %v", f, d, err)
		}
	}
	wav := filepath.Join(dir, "voice.wav")
	if _, err := c.ToTranscriptionWAV(ctx, Input{amr, "audio/amr"}, wav); err != nil {
		t.Fatal(err)
	}
	hdr := make([]byte, 44)
	f, _ := os.Open(wav)
	defer f.Close()
	f.Read(hdr)
	rate := int(hdr[24]) | int(hdr[25])<<8 | int(hdr[26])<<16
	if string(hdr[:4]) != "RIFF" || rate != 16000 || hdr[22] != 1 {
		t.Fatalf("not 16 kHz mono WAV: rate %d channels %d", rate, hdr[22])
	}
}

func TestGarbageIsUndecodable(t *testing.T) {
	t.Parallel()
	c := converter(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "bad.amr")
	os.WriteFile(in, []byte("#!AMR\nthis is not audio at all"), 0o600)
	_, err := c.ToPlayable(context.Background(), Input{in, "audio/amr"}, filepath.Join(dir, "out.ogg"), Opus)
	if !errors.Is(err, ErrUndecodable) {
		t.Fatalf("err = %v, want ErrUndecodable", err)
	}
}

// A file sniffed or declared as one type is read with that type's demuxer
// only. Left to probe, ffmpeg took this "voice" for a concat script and
// transcoded the other local file it names (a file read by a hostile
// upload); pinned to AMR, it is undecodable.
func TestInputFormatIsPinnedNotProbed(t *testing.T) {
	t.Parallel()
	c := converter(t)
	dir := t.TempDir()
	speechAMR(t, dir, "a file the message never carried")
	hostile := filepath.Join(dir, "hostile.amr")
	if err := os.WriteFile(hostile, []byte("ffconcat version 1.0\nfile 'voice.amr'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, typ := range []string{"audio/amr", "audio/mpeg", "video/mp4"} {
		if _, err := c.ToPlayable(ctx, Input{hostile, typ}, filepath.Join(dir, "out.ogg"), Opus); !errors.Is(err, ErrUndecodable) {
			t.Errorf("%s: err = %v, want ErrUndecodable", typ, err)
		}
	}
	if err := c.Frame(ctx, Input{hostile, "image/png"}, filepath.Join(dir, "out.jpg"), 100); !errors.Is(err, ErrUndecodable) {
		t.Errorf("frame: err = %v, want ErrUndecodable", err)
	}
	// A type with no allowed demuxer is refused before ffmpeg runs.
	for _, typ := range []string{"", "application/octet-stream", "text/plain", "application/x-mpegurl"} {
		if _, err := c.ToPlayable(ctx, Input{hostile, typ}, filepath.Join(dir, "out.ogg"), Opus); !errors.Is(err, ErrUndecodable) {
			t.Errorf("%q: err = %v, want ErrUndecodable", typ, err)
		}
		if _, err := c.Duration(ctx, Input{hostile, typ}); !errors.Is(err, ErrUndecodable) {
			t.Errorf("duration %q: err = %v, want ErrUndecodable", typ, err)
		}
	}
}

func TestDemuxer(t *testing.T) {
	t.Parallel()
	for typ, want := range map[string]string{"audio/amr": "amr", "AUDIO/MPEG": "mp3", "image/png; x=y": "png_pipe",
		"video/mp4": "mov", "text/html": "", "": "", "application/vnd.apple.mpegurl": ""} {
		if got := Demuxer(typ); got != want {
			t.Errorf("Demuxer(%q) = %q, want %q", typ, got, want)
		}
	}
}

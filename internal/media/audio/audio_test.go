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
		res, err := c.ToPlayable(ctx, amr, out, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if res.Duration < 2*time.Second || res.Duration > 10*time.Second {
			t.Fatalf("%s: duration %v", f, res.Duration)
		}
		if d, err := c.Duration(ctx, out); err != nil || d < time.Second {
			t.Fatalf("%s output duration %v %v", f, d, err)
		}
	}
	wav := filepath.Join(dir, "voice.wav")
	if _, err := c.ToTranscriptionWAV(ctx, amr, wav); err != nil {
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
	_, err := c.ToPlayable(context.Background(), in, filepath.Join(dir, "out.ogg"), Opus)
	if !errors.Is(err, ErrUndecodable) {
		t.Fatalf("err = %v, want ErrUndecodable", err)
	}
}

package media_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/media"
	"wecomadmin/internal/media/audio"
	"wecomadmin/internal/media/scan/clamd"
	"wecomadmin/internal/media/stt"
)

// need skips (or, under CI, fails) when a test service or tool is missing.
func need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s missing; make test provides it", what)
	}
	t.Skipf("%s missing", what)
}

func realClamd(t testing.TB) *clamd.Client {
	t.Helper()
	addr := os.Getenv("WECOMADMIN_TEST_CLAMD")
	need(t, addr != "", "WECOMADMIN_TEST_CLAMD (scripts/services.sh)")
	return clamd.New("unix", strings.TrimPrefix(addr, "unix:"), 30*time.Second)
}

func realAudio(t testing.TB) *audio.Converter {
	t.Helper()
	c, err := audio.New(time.Minute)
	need(t, err == nil, "ffmpeg")
	return c
}

// eicar is built at run time so the repository holds no test virus.
func eicar() []byte {
	return []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$` + "EICAR-STANDARD-ANTIVIRUS-" + `TEST-FILE!$H+H*`)
}

func zipped(name string, body []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	_, _ = w.Write(body)
	_ = zw.Close()
	return buf.Bytes()
}

// adminCtx is a caller who may read every corp's media.
func adminCtx() context.Context {
	return auth.WithPrincipal(context.Background(), auth.Principal{Grants: []auth.Grant{{Role: auth.RoleAdmin}}})
}

// EICAR and EICAR inside a ZIP are quarantined with their signature, an
// audit entry is written, and nobody can open them; a clean file can.
func TestMalwareIsQuarantinedAndNeverServed(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	sc := realClamd(t)
	r := newRig(t, rigOpts{src: simSource(s), deps: func(d *media.Deps) { d.Scanner = sc }})
	r.enqueue(t, "m1", "alice", s.add("eicar", "file", "readme.txt", eicar()))
	r.enqueue(t, "m2", "alice", s.add("eicarzip", "file", "资料.zip", zipped("x.com", eicar())))
	r.enqueue(t, "m3", "alice", s.add("clean", "file", "notes.txt", []byte("meeting notes 会议纪要")))
	r.start()
	r.wait(t, 3*time.Minute)
	for _, m := range r.all(t) {
		_, err := r.svc.Open(adminCtx(), m.ID, media.Original, "")
		if m.SDKFileID == "clean" {
			if m.State != media.StateClean || err != nil {
				t.Fatalf("clean file: state %s, open %v", m.State, err)
			}
			continue
		}
		if m.State != media.StateInfected || !m.Quarantined || !strings.Contains(m.ScanSignature, "WecomAdmin.Test") {
			t.Fatalf("%s: state %s quarantined %v signature %q", m.SDKFileID, m.State, m.Quarantined, m.ScanSignature)
		}
		if !errors.Is(err, media.ErrQuarantined) {
			t.Fatalf("%s: open = %v, want ErrQuarantined", m.SDKFileID, err)
		}
	}
	got := strings.Join(r.audit.actions(), "\n")
	if strings.Count(got, "media.quarantine:success:WecomAdmin.Test") != 2 || strings.Count(got, "media.download:denied") != 2 {
		t.Fatalf("audit:\n%s", got)
	}
}

// speechAMR synthesizes English speech and encodes it to AMR-NB, as WeCom
// voice messages are.
func speechAMR(t testing.TB, text string) []byte {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		_, err := exec.LookPath(tool)
		need(t, err == nil, tool)
	}
	dir := t.TempDir()
	wav, amr := filepath.Join(dir, "s.wav"), filepath.Join(dir, "v.amr")
	if out, err := exec.Command("espeak-ng", "-v", "en-us", "-s", "130", "-w", wav, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	// -R: repeatable (fixed dither seed); sox dithers at random otherwise, and
	// the recogniser then misses a word now and then.
	if out, err := exec.Command("sox", "-R", wav, "-r", "8000", "-c", "1", "-t", "amr-nb", amr).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v %s", err, out)
	}
	b, err := os.ReadFile(amr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A real AMR voice message becomes Opus audio and an English transcript
// (pocketsphinx restricted to the corp's vocabulary) that is indexed.
func TestVoiceBecomesPlayableAndTranscribed(t *testing.T) {
	t.Parallel()
	sph := &stt.Sphinx{}
	need(t, sph.Available() == nil, "pocketsphinx")
	amr := speechAMR(t, "hello doctor please report the adverse event tomorrow morning")
	s := newSim(t, nil)
	indexed := make(chan string, 1)
	vocab := []string{"hello", "doctor", "please", "report", "the", "adverse", "event", "tomorrow", "morning", "refund", "gift"}
	r := newRig(t, rigOpts{src: simSource(s), deps: func(d *media.Deps) {
		d.Scanner, d.Audio = realClamd(t), realAudio(t)
		d.Corp = func(string) media.CorpSettings {
			return media.CorpSettings{Language: "en-US", STT: sph, Vocabulary: vocab}
		}
		d.OnTranscript = func(_ context.Context, corpID, msgid, text string) error { indexed <- msgid + ":" + text; return nil }
	}})
	r.enqueue(t, "v1", "alice", s.add("voice1", "voice", "", amr))
	r.start()
	r.wait(t, 3*time.Minute)
	m := r.all(t)[0]
	if m.State != media.StateTranscribed || m.SniffedType != "audio/amr" || m.PlayableType != "audio/ogg" || m.DurationMS < 1000 {
		t.Fatalf("%+v", m)
	}
	op, err := r.svc.Open(adminCtx(), m.ID, media.Playable, "")
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 4)
	_, _ = op.Object.Read(head)
	op.Object.Close()
	if string(head) != "OggS" {
		t.Fatalf("playable starts %q", head)
	}
	tr, err := r.svc.Transcript(adminCtx(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"hello", "doctor", "report", "tomorrow"} {
		if !strings.Contains(tr.Text, w) {
			t.Errorf("transcript %q lacks %q", tr.Text, w)
		}
	}
	if tr.Engine != "pocketsphinx" || tr.Language != "en-US" {
		t.Fatalf("transcript %+v", tr)
	}
	if got := <-indexed; !strings.HasPrefix(got, "v1:") {
		t.Fatalf("indexed %q", got)
	}
	t.Logf("transcript: %q", tr.Text)
}

// Images get a thumbnail, videos a poster frame, and call recordings (MP3)
// are kept as they are with their duration measured.
func TestThumbnailsPostersAndCallAudio(t *testing.T) {
	t.Parallel()
	conv := realAudio(t)
	dir := t.TempDir()
	mp4 := filepath.Join(dir, "v.mp4")
	out, err := exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=640x360:rate=10",
		"-pix_fmt", "yuv420p", mp4).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	video, _ := os.ReadFile(mp4)
	mp3 := filepath.Join(dir, "c.mp3")
	out, err = exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "libmp3lame", mp3).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	call, _ := os.ReadFile(mp3)
	png := []byte("\x89PNG\r\n\x1a\n")
	pngFile := filepath.Join(dir, "i.png")
	if out, err := exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:size=800x600", "-frames:v", "1", pngFile).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	img, _ := os.ReadFile(pngFile)
	if !bytes.HasPrefix(img, png) {
		t.Fatal("not a png")
	}
	s := newSim(t, nil)
	r := newRig(t, rigOpts{src: simSource(s), deps: func(d *media.Deps) { d.Scanner, d.Audio = realClamd(t), conv }})
	r.enqueue(t, "m1", "alice", s.add("video", "video", "clip.mp4", video))
	r.enqueue(t, "m2", "alice", s.add("call", "meeting_voice_call", "call.mp3", call))
	r.enqueue(t, "m3", "alice", s.add("img", "image", "photo.jpg", img)) // a PNG named .jpg
	r.start()
	r.wait(t, 3*time.Minute)
	for _, m := range r.all(t) {
		switch m.SDKFileID {
		case "video", "img":
			if m.State != media.StateConverted || m.ThumbKey == "" {
				t.Fatalf("%s: %+v", m.SDKFileID, m)
			}
			op, err := r.svc.Open(adminCtx(), m.ID, media.Thumbnail, "")
			if err != nil {
				t.Fatal(err)
			}
			head := make([]byte, 3)
			_, _ = io.ReadFull(op.Object, head)
			op.Object.Close()
			if !bytes.Equal(head, []byte{0xFF, 0xD8, 0xFF}) {
				t.Fatalf("%s thumbnail is not JPEG: %x", m.SDKFileID, head)
			}
			if m.SDKFileID == "img" && (!m.TypeMismatch || m.SniffedType != "image/png") {
				t.Fatalf("mismatch not flagged: %+v", m)
			}
		case "call":
			if m.State != media.StateConverted || m.PlayableKey != m.BlobKey || m.PlayableType != "audio/mpeg" || m.DurationMS < 1900 {
				t.Fatalf("call: %+v", m)
			}
		}
	}
}

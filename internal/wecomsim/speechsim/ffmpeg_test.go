package speechsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"wecomadmin/internal/wecomsim/archivesim"
	"wecomadmin/internal/wecomsim/speechsim"
)

func needFFmpeg(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("ffmpeg missing: %v", err)
		}
		t.Skip(err)
	}
}

// A generated AMR voice message, converted the way the portal's media
// pipeline converts it (ffmpeg, file to 16 kHz mono WAV), is recognised as
// its script; another voice is NoMatch.
func TestGeneratedVoiceIsRecognised(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	r := rand.New(rand.NewPCG(7, 7))
	voice, other := archivesim.AMR(r, 3), archivesim.AMR(r, 3)
	call := archivesim.MP3Frames(120)
	s := speechsim.New(speechsim.Config{Key: key, Scripts: func() []speechsim.Script {
		return []speechsim.Script{{Audio: voice, Text: "样品周五前到科室。"}, {Audio: call, Text: "通话内容"}}
	}})
	srv := httptest.NewServer(s)
	defer srv.Close()
	dir := t.TempDir()
	for _, c := range []struct {
		name   string
		audio  []byte
		status string
		text   string
	}{
		{"voice.amr", voice, "Success", "样品周五前到科室。"},
		{"call.mp3", call, "Success", "通话内容"},
		{"other.amr", other, "NoMatch", ""},
	} {
		in, out := filepath.Join(dir, c.name), filepath.Join(dir, c.name+".wav")
		if err := os.WriteFile(in, c.audio, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", in,
			"-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg: %v %s", err, b)
		}
		wav, _ := os.ReadFile(out)
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+speechsim.Path+"?language=zh-CN&format=detailed", bytes.NewReader(wav))
		req.Header.Set("Content-Type", wavType)
		req.Header.Set("Ocp-Apim-Subscription-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var res struct{ RecognitionStatus, DisplayText string }
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || res.RecognitionStatus != c.status || res.DisplayText != c.text {
			t.Errorf("%s: %+v %v", c.name, res, err)
		}
	}
}

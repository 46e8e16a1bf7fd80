package speechsim

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// FFmpeg decodes any audio ffmpeg reads (AMR, MP3, Ogg/Opus, WAV) to 16 kHz
// mono 16-bit PCM, with the same conversion the portal's media pipeline
// makes for transcription, so the samples of a generated voice message match
// what the portal sends byte for byte.
func FFmpeg(ctx context.Context, audio []byte) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
		"-i", "pipe:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1")
	var out, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(audio), &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("speechsim: ffmpeg: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out.Bytes(), nil
}

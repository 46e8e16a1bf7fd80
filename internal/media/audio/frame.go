package audio

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
)

// Frame writes the first video frame of in (a video's poster, or an
// image's thumbnail) as a JPEG at most width pixels wide.
func (c *Converter) Frame(ctx context.Context, in Input, out string, width int) error {
	inArgs, err := in.args()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	scale := "scale='min(" + strconv.Itoa(width) + ",iw)':-2"
	args := append(append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}, inArgs...),
		"-frames:v", "1", "-vf", scale, "-f", "image2", "-c:v", "mjpeg", out)
	cmd := exec.CommandContext(ctx, c.ffmpeg, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: ffmpeg frame %v: %s", ErrUndecodable, err, lastLine(stderr.String()))
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		return fmt.Errorf("%w: ffmpeg wrote no frame", ErrUndecodable)
	}
	return nil
}

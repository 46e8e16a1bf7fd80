package audio

import (
	"fmt"
	"strings"
)

// Input is a file to convert and the type it was found to be (sniffed from
// its first bytes, or declared when sniffing named nothing ffmpeg reads).
//
// ffmpeg is always told the demuxer (-f) for that type: left to probe, it
// picks whichever of its several hundred demuxers scores a hostile file
// highest (playlists, concat scripts, image sequences and other formats
// with a history of parser bugs), whatever the file claimed to be.
type Input struct {
	Path string
	Type string // MIME type, e.g. "audio/amr"
}

// demuxers maps the media types we convert to the one ffmpeg demuxer each
// may be read with. Anything else is refused, not probed.
var demuxers = map[string]string{
	"audio/amr":    "amr", // AMR-NB and AMR-WB share one demuxer (it reads the magic)
	"audio/amr-wb": "amr",
	"audio/mpeg":   "mp3",
	"audio/ogg":    "ogg",
	"audio/wav":    "wav",
	"audio/x-wav":  "wav",
	"audio/wave":   "wav",
	"video/mp4":    "mov",
	"image/jpeg":   "jpeg_pipe",
	"image/png":    "png_pipe",
	"image/gif":    "gif",
	"image/webp":   "webp_pipe",
	"image/bmp":    "bmp_pipe",
}

// Demuxer names the ffmpeg demuxer for a media type, or "" when there is none
// we allow.
func Demuxer(mediaType string) string {
	base, _, _ := strings.Cut(strings.ToLower(mediaType), ";")
	return demuxers[strings.TrimSpace(base)]
}

// inputArgs are ffmpeg's (and ffprobe's) arguments that read in: local files
// only, with the demuxer pinned.
func (in Input) args() ([]string, error) {
	f := Demuxer(in.Type)
	if f == "" {
		return nil, fmt.Errorf("%w: no demuxer allowed for type %q", ErrUndecodable, in.Type)
	}
	return []string{"-protocol_whitelist", "file", "-f", f, "-i", in.Path}, nil
}

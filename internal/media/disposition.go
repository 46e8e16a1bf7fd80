package media

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// inlineTypes may be shown in the browser; everything else is an attachment.
var inlineTypes = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true,
	"audio/ogg": true, "audio/mpeg": true, "audio/amr": true, "audio/wav": true, "video/mp4": true,
}

// ServeType decides how a file of content type ct is served: the type to
// send and whether it may be inline. HTML, SVG, XML and scripts from a
// sender are never rendered: they go out as application/octet-stream
// attachments.
func ServeType(ct string, wantDownload bool) (contentType string, inline bool) {
	base, _, _ := strings.Cut(strings.ToLower(ct), ";")
	base = strings.TrimSpace(base)
	if base == "" || Dangerous(base) {
		return "application/octet-stream", false
	}
	return ct, !wantDownload && inlineTypes[base]
}

// ContentDisposition builds a header value per RFC 6266 with the name in
// UTF-8 per RFC 5987 (filename*) and an ASCII fallback (filename) for old
// clients: attachment; filename="__.pdf"; filename*=UTF-8”%E6%8A%A5%E5%91%8A.pdf
func ContentDisposition(inline bool, name string) string {
	name = cleanName(name)
	typ := "attachment"
	if inline {
		typ = "inline"
	}
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, typ, asciiFallback(name), encode5987(name))
}

// cleanName keeps the last path element and drops control characters.
func cleanName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		if r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "download"
	}
	if utf8.RuneCountInString(name) > 200 {
		ext := path.Ext(name)
		name = string([]rune(name)[:200-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}

func asciiFallback(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '"' || r == '%' || r > 0x7e:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func encode5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// extOf names a file extension for a content type, for items without a name.
func extOf(ct string) string {
	switch ct {
	case "audio/amr", "audio/amr-wb":
		return ".amr"
	case "audio/mpeg":
		return ".mp3"
	case "audio/ogg":
		return ".ogg"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "video/mp4":
		return ".mp4"
	case "application/pdf":
		return ".pdf"
	}
	return ".bin"
}

// DownloadName is the file name an item is served under.
func DownloadName(id int64, kind, filename, ct string, v Variant) string {
	switch v {
	case Playable:
		return fmt.Sprintf("%s-%d%s", kind, id, extOf(ct))
	case Thumbnail:
		return fmt.Sprintf("thumb-%d.jpg", id)
	}
	if filename != "" {
		return filename
	}
	return fmt.Sprintf("%s-%d%s", kind, id, extOf(ct))
}

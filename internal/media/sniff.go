package media

import (
	"bytes"
	"net/http"
	"path"
	"strings"
)

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 512

// Sniff names the real type of a file from its first bytes: the magic
// numbers WeCom media use (AMR, MP3, ZIP-based Office, PDF, MP4, images)
// first, then net/http's content sniffing.
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("#!AMR-WB\n")):
		return "audio/amr-wb"
	case bytes.HasPrefix(head, []byte("#!AMR\n")):
		return "audio/amr"
	case bytes.HasPrefix(head, []byte("ID3")) || len(head) > 1 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		return "audio/mpeg"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(head)
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return "video/mp4"
	case bytes.HasPrefix(head, []byte("OggS")):
		return "audio/ogg"
	}
	ct := http.DetectContentType(head)
	if i := strings.IndexByte(ct, ';'); i > 0 && !strings.HasPrefix(ct, "text/") {
		ct = ct[:i]
	}
	return ct
}

// sniffZip tells Office Open XML from a plain ZIP by the first entry's
// name, which Office writes as [Content_Types].xml or a word/xl/ppt path.
func sniffZip(head []byte) string {
	switch {
	case bytes.Contains(head, []byte("word/")):
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case bytes.Contains(head, []byte("xl/")):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case bytes.Contains(head, []byte("ppt/")):
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	}
	return "application/zip"
}

// extTypes are the types each declared extension may really be.
var extTypes = map[string][]string{
	"amr": {"audio/amr", "audio/amr-wb"}, "mp3": {"audio/mpeg"}, "pdf": {"application/pdf"},
	"docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
	"pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"},
	"zip":  {"application/zip"}, "jpg": {"image/jpeg"}, "jpeg": {"image/jpeg"}, "png": {"image/png"},
	"gif": {"image/gif"}, "mp4": {"video/mp4"}, "txt": {"text/plain"}, "webp": {"image/webp"},
}

// Mismatch reports whether the sniffed type contradicts the declared file
// name or extension. Unknown extensions never mismatch.
func Mismatch(filename, ext, sniffed string) bool {
	e := strings.ToLower(strings.TrimPrefix(ext, "."))
	if e == "" {
		e = strings.ToLower(strings.TrimPrefix(path.Ext(filename), "."))
	}
	want, ok := extTypes[e]
	if !ok {
		return false
	}
	base, _, _ := strings.Cut(sniffed, ";")
	for _, w := range want {
		if w == base {
			return false
		}
	}
	return true
}

// Dangerous reports types a browser would run or render as a page: these
// are only ever served as attachments of type application/octet-stream.
func Dangerous(ct string) bool {
	base, _, _ := strings.Cut(strings.ToLower(ct), ";")
	base = strings.TrimSpace(base)
	switch {
	case strings.HasPrefix(base, "text/html"), strings.Contains(base, "xml"), strings.Contains(base, "javascript"),
		strings.Contains(base, "svg"), base == "text/css", base == "application/x-shockwave-flash":
		return true
	}
	return false
}

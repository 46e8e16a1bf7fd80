package media_test

import (
	"mime"
	"strings"
	"testing"

	"wecomadmin/internal/media"
)

func TestContentDisposition(t *testing.T) {
	t.Parallel()
	cases := []struct {
		inline bool
		name   string
		want   string
	}{
		{false, "报告.pdf", `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`},
		{true, "a b.jpg", `inline; filename="a b.jpg"; filename*=UTF-8''a%20b.jpg`},
		{false, `../x"\y.txt`, `attachment; filename=".._x__y.txt"; filename*=UTF-8''.._x%22_y.txt`},
		{false, "", `attachment; filename="download"; filename*=UTF-8''download`},
		{false, "a\r\nb.txt", `attachment; filename="ab.txt"; filename*=UTF-8''ab.txt`},
	}
	for _, c := range cases {
		got := media.ContentDisposition(c.inline, c.name)
		if got != c.want {
			t.Errorf("%q: got %s\nwant %s", c.name, got, c.want)
		}
	}
	// The standard library parses it back to the UTF-8 name.
	_, params, err := mime.ParseMediaType(media.ContentDisposition(false, "会议纪要 2024.docx"))
	if err != nil || params["filename"] != "会议纪要 2024.docx" {
		t.Fatalf("round trip: %v %q", err, params["filename"])
	}
}

func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"报告.pdf", "", "\"", "a\x00b", "%E6", "\xff\xfe.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h := media.ContentDisposition(false, name)
		if strings.ContainsAny(h, "\r\n\x00") {
			t.Fatalf("header breaks: %q", h)
		}
		if _, _, err := mime.ParseMediaType(h); err != nil {
			t.Fatalf("unparseable %q: %v", h, err)
		}
	})
}

func TestServeTypeNeverInlinesActiveContent(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"text/html; charset=utf-8", "image/svg+xml", "application/javascript", "text/xml", "application/xhtml+xml", ""} {
		got, inline := media.ServeType(ct, false)
		if got != "application/octet-stream" || inline {
			t.Errorf("%q served as %q inline=%v", ct, got, inline)
		}
	}
	if got, inline := media.ServeType("image/png", false); got != "image/png" || !inline {
		t.Errorf("png: %q %v", got, inline)
	}
	if _, inline := media.ServeType("application/pdf", false); inline {
		t.Error("pdf inline")
	}
}

func TestSniffAndMismatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		head, name, want string
		mismatch         bool
	}{
		{"#!AMR\n\x3c", "", "audio/amr", false},
		{"ID3\x03\x00", "call.mp3", "audio/mpeg", false},
		{"%PDF-1.7\n", "报告.pdf", "application/pdf", false},
		{"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false},
		{"PK\x03\x04\x14\x00", "a.pdf", "application/zip", true},
		{"\x89PNG\r\n\x1a\n", "photo.jpg", "image/png", true},
		{"<html><script>", "invoice.pdf", "text/html; charset=utf-8", true},
		{"MZ\x90\x00", "setup.weird", "application/octet-stream", false},
	}
	for _, c := range cases {
		got := media.Sniff([]byte(c.head))
		if got != c.want || media.Mismatch(c.name, "", got) != c.mismatch {
			t.Errorf("%q (%s): sniffed %q mismatch %v", c.head, c.name, got, media.Mismatch(c.name, "", got))
		}
	}
}

func FuzzSniff(f *testing.F) {
	for _, s := range []string{"#!AMR\n", "PK\x03\x04", "%PDF-", "\xff\xfb", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if media.Sniff(b) == "" {
			t.Fatal("empty type")
		}
	})
}

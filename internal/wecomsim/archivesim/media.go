package archivesim

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
)

// Real, decodable media bytes for the generator. Everything is built in Go
// so the simulator needs no outside tools.

func testImage(r *rand.Rand, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c1 := color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{c1.R + uint8(x), c1.G + uint8(y), c1.B ^ uint8(x*y), 255})
		}
	}
	return img
}

// JPEG returns a small valid JPEG.
func JPEG(r *rand.Rand) []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, testImage(r, 96, 64), &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// PNG returns a small valid PNG.
func PNG(r *rand.Rand) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, testImage(r, 48, 48))
	return b.Bytes()
}

// GIF returns a small valid GIF (emotion type 1).
func GIF(r *rand.Rand) []byte {
	var b bytes.Buffer
	_ = gif.Encode(&b, testImage(r, 32, 32), &gif.Options{NumColors: 16})
	return b.Bytes()
}

// AMR returns a valid AMR-NB file (RFC 4867 storage format): the "#!AMR\n"
// magic then 12.2 kbit/s frames (mode 7: one header byte 0x3C + 31 bytes),
// 50 frames per second.
func AMR(r *rand.Rand, seconds int) []byte {
	b := []byte("#!AMR\n")
	for i := 0; i < seconds*50; i++ {
		b = append(b, 0x3C)
		for j := 0; j < 31; j++ {
			b = append(b, byte(r.IntN(256)))
		}
	}
	return b
}

// MP3 returns a valid MPEG-1 Layer III stream of silent 128 kbit/s, 44.1 kHz
// frames (417 bytes, 1152 samples each).
func MP3(r *rand.Rand, seconds int) []byte {
	_ = r
	return MP3Frames(seconds * 44100 / 1152)
}

// MP3Frames returns a stream of n silent frames like MP3's.
func MP3Frames(frames int) []byte {
	out := make([]byte, 0, frames*417)
	for i := 0; i < frames; i++ {
		f := make([]byte, 417)
		copy(f, []byte{0xFF, 0xFB, 0x90, 0x64})
		out = append(out, f...)
	}
	return out
}

// MP4 returns an ISO-BMFF file (ftyp + mdat boxes) of about size bytes; a
// stand-in for a video (box structure valid, no playable track).
func MP4(r *rand.Rand, size int) []byte {
	ftyp := []byte{0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'}
	n := size - len(ftyp)
	mdat := make([]byte, n)
	mdat[0], mdat[1], mdat[2], mdat[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	copy(mdat[4:], "mdat")
	for i := 8; i < n; i += 97 {
		mdat[i] = byte(r.IntN(256))
	}
	return append(ftyp, mdat...)
}

// PDF returns a one-page PDF with a line of text and a correct xref table.
func PDF(title string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"", // content stream, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	stream := fmt.Sprintf("BT /F1 18 Tf 72 760 Td (%s) Tj ET", title)
	objs[3] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// DOCX returns a minimal Word document containing text.
func DOCX(text string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`},
	}
	for _, f := range files {
		w, _ := z.Create(f.name)
		_, _ = w.Write([]byte(f.body))
	}
	_ = z.Close()
	return b.Bytes()
}

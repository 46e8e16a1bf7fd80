package stt

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"time"
)

// segmentLimit keeps each request under the short-audio API's 60 s.
const segmentLimit = 55 * time.Second

// wavFile is a WAV on disk with its data chunk located, so it can be sent
// in segments without being read into memory.
type wavFile struct {
	f        *os.File
	size     int64
	byteRate int64 // 0: not a PCM WAV this reader understands
	fmtChunk []byte
	dataOff  int64
	dataLen  int64
}

func openWAV(path string) (*wavFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	w := &wavFile{f: f, size: st.Size()}
	w.parse() // an unparsed file is sent whole, as it is
	return w, nil
}

func (w *wavFile) Close() error { return w.f.Close() }

// parse walks the RIFF chunks up to the data chunk.
func (w *wavFile) parse() {
	hdr := make([]byte, 12)
	if _, err := w.f.ReadAt(hdr, 0); err != nil || string(hdr[:4]) != "RIFF" || string(hdr[8:]) != "WAVE" {
		return
	}
	for off := int64(12); off+8 <= w.size; {
		ch := make([]byte, 8)
		if _, err := w.f.ReadAt(ch, off); err != nil {
			return
		}
		id, n := string(ch[:4]), int64(binary.LittleEndian.Uint32(ch[4:]))
		switch id {
		case "fmt ":
			if n < 16 || n > 64 {
				return
			}
			w.fmtChunk = make([]byte, n)
			if _, err := w.f.ReadAt(w.fmtChunk, off+8); err != nil {
				return
			}
		case "data":
			if w.fmtChunk == nil || binary.LittleEndian.Uint16(w.fmtChunk) != 1 {
				return
			}
			w.dataOff, w.dataLen = off+8, min(n, w.size-off-8)
			w.byteRate = int64(binary.LittleEndian.Uint32(w.fmtChunk[8:]))
			return
		}
		off += 8 + n + n&1
	}
}

// segment is one request body: the whole file, or a header and a slice of
// the samples.
type segment struct {
	header []byte
	data   *io.SectionReader
}

func (s segment) size() int64 { return int64(len(s.header)) + s.data.Size() }

func (s segment) reader() io.Reader {
	return io.MultiReader(bytes.NewReader(s.header), io.NewSectionReader(s.data, 0, s.data.Size()))
}

// segments cuts the samples into pieces of at most limit, each a complete
// WAV; a file that fits (or is not understood) is one segment, unchanged.
func (w *wavFile) segments(limit time.Duration) []segment {
	block := int64(2)
	if w.fmtChunk != nil {
		block = max(1, int64(binary.LittleEndian.Uint16(w.fmtChunk[12:])))
	}
	per := w.byteRate * int64(limit/time.Second) / block * block
	if w.byteRate == 0 || w.dataLen <= per {
		return []segment{{data: io.NewSectionReader(w.f, 0, w.size)}}
	}
	var out []segment
	for off := int64(0); off < w.dataLen; off += per {
		n := min(per, w.dataLen-off)
		out = append(out, segment{header: w.header(n), data: io.NewSectionReader(w.f, w.dataOff+off, n)})
	}
	return out
}

// header is a RIFF header with the file's fmt chunk for n bytes of samples.
func (w *wavFile) header(n int64) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(4+8+len(w.fmtChunk)+8+int(n)))
	b.WriteString("WAVEfmt ")
	_ = binary.Write(&b, binary.LittleEndian, uint32(len(w.fmtChunk)))
	b.Write(w.fmtChunk)
	b.WriteString("data")
	_ = binary.Write(&b, binary.LittleEndian, uint32(n))
	return b.Bytes()
}

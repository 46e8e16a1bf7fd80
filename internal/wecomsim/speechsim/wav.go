package speechsim

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The audio Azure's short-audio API takes: 16 kHz, mono, 16-bit PCM.
const (
	sampleRate  = 16000
	ticksPerSec = 10_000_000 // Offset and Duration are in 100-ns ticks
	maxSeconds  = 60         // the short-audio API's limit per request
)

var errNotWAV = errors.New("not a RIFF/WAVE file")

// wavPCM returns the samples of a WAV file in the accepted format. It walks
// the chunks (ffmpeg writes a LIST chunk between fmt and data).
func wavPCM(b []byte) ([]byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, errNotWAV
	}
	var gotFmt bool
	for p := 12; p+8 <= len(b); {
		id, size := string(b[p:p+4]), int(binary.LittleEndian.Uint32(b[p+4:p+8]))
		body := b[p+8:]
		switch id {
		case "fmt ":
			if size < 16 || len(body) < 16 {
				return nil, errors.New("short fmt chunk")
			}
			format, channels := binary.LittleEndian.Uint16(body[0:]), binary.LittleEndian.Uint16(body[2:])
			rate, bits := binary.LittleEndian.Uint32(body[4:]), binary.LittleEndian.Uint16(body[14:])
			if format != 1 || channels != 1 || rate != sampleRate || bits != 16 {
				return nil, fmt.Errorf("want PCM 16 kHz mono 16-bit, got format %d, %d channels, %d Hz, %d bits", format, channels, rate, bits)
			}
			gotFmt = true
		case "data":
			if !gotFmt {
				return nil, errors.New("data before fmt")
			}
			// ffmpeg writing to a pipe leaves the size unset (0 or
			// 0xFFFFFFFF): the data then runs to the end of the file.
			if size == 0 || size > len(body) {
				size = len(body)
			}
			return body[:size&^1], nil
		}
		p += 8 + size + size&1
	}
	return nil, errors.New("no data chunk")
}

// WAV wraps 16 kHz mono 16-bit samples in a canonical 44-byte header.
func WAV(pcm []byte) []byte {
	h := make([]byte, 44, 44+len(pcm))
	copy(h, "RIFF")
	binary.LittleEndian.PutUint32(h[4:], uint32(36+len(pcm)))
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1)
	binary.LittleEndian.PutUint16(h[22:], 1)
	binary.LittleEndian.PutUint32(h[24:], sampleRate)
	binary.LittleEndian.PutUint32(h[28:], sampleRate*2)
	binary.LittleEndian.PutUint16(h[32:], 2)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], uint32(len(pcm)))
	return append(h, pcm...)
}

// speechSpan finds where sound starts and ends, in ticks; silent is true
// when no sample rises above the threshold.
func speechSpan(pcm []byte) (offset, duration int64, silent bool) {
	const threshold = 64 // of 32767: quieter is silence
	first, last := -1, -1
	for i := 0; i+1 < len(pcm); i += 2 {
		v := int16(binary.LittleEndian.Uint16(pcm[i:]))
		if v > threshold || v < -threshold {
			if first < 0 {
				first = i / 2
			}
			last = i / 2
		}
	}
	total := int64(len(pcm)/2) * ticksPerSec / sampleRate
	if first < 0 {
		return 0, total, true
	}
	offset = int64(first) * ticksPerSec / sampleRate
	return offset, int64(last+1)*ticksPerSec/sampleRate - offset, false
}

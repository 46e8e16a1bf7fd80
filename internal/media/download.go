package media

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/rand/v2"
	"time"

	"wecomadmin/internal/finance"
)

// Fetcher is the one call of the archive source the downloader needs.
type Fetcher interface {
	GetMediaData(ctx context.Context, sdkfileid, indexbuf string) (finance.MediaChunk, error)
}

// ErrTooLarge means a file passed the configured size limit.
var ErrTooLarge = errors.New("media: file exceeds the size limit")

// ErrChecksum means the bytes do not match the message's md5sum.
var ErrChecksum = errors.New("media: md5 mismatch")

// Fetched describes a downloaded file.
type Fetched struct {
	Size   int64
	MD5    string // hex
	SHA256 string // hex
	Chunks int
}

// ChunkRetry bounds the retries of one chunk inside an attempt: a flaky
// call costs a short pause, not a restart from byte zero.
type ChunkRetry struct {
	Attempts int           // tries per chunk (default 4)
	Initial  time.Duration // first pause (default 200ms), doubled, full jitter
	Max      time.Duration // ceiling (default 5s)
}

func (c ChunkRetry) withDefaults() ChunkRetry {
	if c.Attempts <= 0 {
		c.Attempts = 4
	}
	if c.Initial <= 0 {
		c.Initial = 200 * time.Millisecond
	}
	if c.Max <= 0 {
		c.Max = 5 * time.Second
	}
	return c
}

// Retryable reports whether a download error may succeed on a later try:
// SDK 10000/10001/10002/10003, timeouts, 5xx and transport errors. Expired
// media (10010) and a bad sdkfileid are final.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, ErrTooLarge) {
		return false
	}
	var fe *finance.Error
	if errors.As(err, &fe) {
		return fe.Code == finance.CodeParam || fe.Transient()
	}
	return !errors.Is(err, context.Canceled)
}

// Fetch runs the GetMediaData loop for sdkfileid, feeding each chunk's
// index buffer into the next call until the source says finished, and
// streams the bytes to w while hashing them. Only one chunk is in memory.
// progress (optional) is called with the bytes written so far.
func Fetch(ctx context.Context, src Fetcher, sdkfileid string, w io.Writer, maxSize int64, cr ChunkRetry, progress func(int64)) (Fetched, error) {
	cr = cr.withDefaults()
	md, sh := md5.New(), sha256.New()
	out := io.MultiWriter(w, md, sh)
	var f Fetched
	index := ""
	for {
		chunk, err := fetchChunk(ctx, src, sdkfileid, index, cr)
		if err != nil {
			return f, fmt.Errorf("media: fetch %s at byte %d: %w", sdkfileid, f.Size, err)
		}
		if maxSize > 0 && f.Size+int64(len(chunk.Data)) > maxSize {
			return f, fmt.Errorf("media: fetch %s: %w (%d bytes)", sdkfileid, ErrTooLarge, maxSize)
		}
		if _, err := out.Write(chunk.Data); err != nil {
			return f, fmt.Errorf("media: spool %s: %w", sdkfileid, err)
		}
		f.Size += int64(len(chunk.Data))
		f.Chunks++
		if progress != nil {
			progress(f.Size)
		}
		if chunk.Finish {
			break
		}
		if chunk.OutIndexBuf == "" || chunk.OutIndexBuf == index {
			return f, fmt.Errorf("media: fetch %s: source did not advance its index buffer", sdkfileid)
		}
		index = chunk.OutIndexBuf
	}
	f.MD5, f.SHA256 = hexSum(md), hexSum(sh)
	return f, nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

func fetchChunk(ctx context.Context, src Fetcher, id, index string, cr ChunkRetry) (finance.MediaChunk, error) {
	delay := cr.Initial
	for try := 1; ; try++ {
		chunk, err := src.GetMediaData(ctx, id, index)
		if err == nil {
			return chunk, nil
		}
		if try >= cr.Attempts || !Retryable(err) || ctx.Err() != nil {
			return finance.MediaChunk{}, err
		}
		t := time.NewTimer(time.Duration(rand.Int64N(int64(delay)) + 1))
		select {
		case <-ctx.Done():
			t.Stop()
			return finance.MediaChunk{}, ctx.Err()
		case <-t.C:
		}
		delay = min(delay*2, cr.Max)
	}
}

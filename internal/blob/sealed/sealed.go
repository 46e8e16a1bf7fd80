// Package sealed encrypts blobs at rest around any blob.Bucket. Objects are
// cut into 64 KiB segments, each sealed with AES-256-GCM under a per-object
// key derived from the master key and a random salt, so a Range request
// decrypts only the segments it touches. The final segment is marked in the
// associated data (truncation is detected) and the object key is bound in
// too (swapping two stored objects is detected).
package sealed

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"wecomadmin/internal/blob"
)

const (
	segSize  = 64 * 1024
	tagSize  = 16
	magic    = "WAB1"
	saltSize = 16
	hdrSize  = len(magic) + saltSize
)

// ErrCorrupt means a sealed object failed authentication.
var ErrCorrupt = errors.New("blob/sealed: object failed authentication")

// Bucket wraps an inner bucket with encryption.
type Bucket struct {
	inner  blob.Bucket
	master []byte
}

// New wraps inner with the 32-byte master key.
func New(inner blob.Bucket, masterKey []byte) (*Bucket, error) {
	if len(masterKey) != 32 {
		return nil, fmt.Errorf("blob/sealed: master key must be 32 bytes, got %d", len(masterKey))
	}
	return &Bucket{inner: inner, master: append([]byte(nil), masterKey...)}, nil
}

func (b *Bucket) aead(salt []byte) (cipher.AEAD, error) {
	m := hmac.New(sha256.New, b.master)
	m.Write([]byte("wecomadmin blob v1"))
	m.Write(salt)
	blk, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(blk)
}

func nonce(seg uint64) []byte {
	n := make([]byte, 12)
	binary.BigEndian.PutUint64(n[4:], seg)
	return n
}

func aad(key string, last bool) []byte {
	a := []byte(key)
	if last {
		return append(a, 1)
	}
	return append(a, 0)
}

// Put encrypts r as it streams into the inner bucket.
func (b *Bucket) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := blob.ValidKey(key); err != nil {
		return err
	}
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	g, err := b.aead(salt)
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(seal(pw, r, g, salt, key)) }()
	sealedSize := int64(-1)
	if size >= 0 {
		sealedSize = SealedSize(size)
	}
	err = b.inner.Put(ctx, key, pr, sealedSize)
	pr.CloseWithError(err)
	return err
}

func seal(w io.Writer, r io.Reader, g cipher.AEAD, salt []byte, key string) error {
	if _, err := w.Write(append([]byte(magic), salt...)); err != nil {
		return err
	}
	cur, next := make([]byte, segSize), make([]byte, segSize)
	n, err := io.ReadFull(r, cur)
	out := make([]byte, 0, segSize+tagSize)
	for seg := uint64(0); ; seg++ {
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return err
		}
		last := err != nil
		var m int
		var nerr error
		if !last {
			m, nerr = io.ReadFull(r, next)
			last = m == 0 && (errors.Is(nerr, io.EOF) || errors.Is(nerr, io.ErrUnexpectedEOF))
			if nerr != nil && !errors.Is(nerr, io.EOF) && !errors.Is(nerr, io.ErrUnexpectedEOF) {
				return nerr
			}
		}
		out = g.Seal(out[:0], nonce(seg), cur[:n], aad(key, last))
		if _, werr := w.Write(out); werr != nil {
			return werr
		}
		if last {
			return nil
		}
		cur, next = next, cur
		n, err = m, nerr
	}
}

// SealedSize is the stored size of a plaintext of n bytes.
func SealedSize(n int64) int64 {
	segs := n/segSize + 1
	if n > 0 && n%segSize == 0 {
		segs = n / segSize
	}
	return int64(hdrSize) + n + segs*tagSize
}

func plainSize(sealed int64) (int64, error) {
	body := sealed - int64(hdrSize)
	if body < tagSize {
		return 0, ErrCorrupt
	}
	full := body / (segSize + tagSize)
	rest := body % (segSize + tagSize)
	if rest == 0 {
		return full * segSize, nil
	}
	if rest < tagSize {
		return 0, ErrCorrupt
	}
	return full*segSize + rest - tagSize, nil
}

// Stat reports the plaintext size.
func (b *Bucket) Stat(ctx context.Context, key string) (blob.Info, error) {
	st, err := b.inner.Stat(ctx, key)
	if err != nil {
		return blob.Info{}, err
	}
	if st.Size, err = plainSize(st.Size); err != nil {
		return blob.Info{}, fmt.Errorf("blob/sealed: %s: %w", key, err)
	}
	return st, nil
}

// Delete removes the object.
func (b *Bucket) Delete(ctx context.Context, key string) error { return b.inner.Delete(ctx, key) }

// Ping checks the inner bucket.
func (b *Bucket) Ping(ctx context.Context) error { return b.inner.Ping(ctx) }

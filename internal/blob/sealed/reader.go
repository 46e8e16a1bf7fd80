package sealed

import (
	"context"
	"crypto/cipher"
	"errors"
	"fmt"
	"io"

	"wecomadmin/internal/blob"
)

type object struct {
	inner   blob.Object
	g       cipher.AEAD
	key     string
	info    blob.Info
	nsegs   int64
	pos     int64
	seg     int64 // segment held in plain, -1 for none
	plain   []byte
	scratch []byte
}

// Open returns a seekable decrypting reader.
func (b *Bucket) Open(ctx context.Context, key string) (blob.Object, error) {
	in, err := b.inner.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	hdr := make([]byte, hdrSize)
	if _, err := io.ReadFull(in, hdr); err != nil || string(hdr[:len(magic)]) != magic {
		in.Close()
		return nil, fmt.Errorf("blob/sealed: %s: bad header: %w", key, ErrCorrupt)
	}
	g, err := b.aead(hdr[len(magic):])
	if err != nil {
		in.Close()
		return nil, err
	}
	info := in.Info()
	plain, err := plainSize(info.Size)
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("blob/sealed: %s: %w", key, err)
	}
	body := info.Size - int64(hdrSize)
	nsegs := (body + segSize + tagSize - 1) / (segSize + tagSize)
	info.Size = plain
	return &object{inner: in, g: g, key: key, info: info, nsegs: nsegs, seg: -1, scratch: make([]byte, segSize+tagSize)}, nil
}

func (o *object) Info() blob.Info { return o.info }

func (o *object) Close() error { return o.inner.Close() }

func (o *object) Seek(offset int64, whence int) (int64, error) {
	var p int64
	switch whence {
	case io.SeekStart:
		p = offset
	case io.SeekCurrent:
		p = o.pos + offset
	case io.SeekEnd:
		p = o.info.Size + offset
	default:
		return 0, errors.New("blob/sealed: bad whence")
	}
	if p < 0 {
		return 0, errors.New("blob/sealed: negative position")
	}
	o.pos = p
	return p, nil
}

func (o *object) Read(p []byte) (int, error) {
	if o.pos >= o.info.Size {
		return 0, io.EOF
	}
	seg := o.pos / segSize
	if seg != o.seg {
		if err := o.load(seg); err != nil {
			return 0, err
		}
	}
	n := copy(p, o.plain[o.pos-seg*segSize:])
	o.pos += int64(n)
	return n, nil
}

func (o *object) load(seg int64) error {
	off := int64(hdrSize) + seg*(segSize+tagSize)
	if _, err := o.inner.Seek(off, io.SeekStart); err != nil {
		return err
	}
	n, err := io.ReadFull(o.inner, o.scratch)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("blob/sealed: %s: read segment %d: %w", o.key, seg, err)
	}
	last := seg == o.nsegs-1
	plain, err := o.g.Open(o.plain[:0], nonce(uint64(seg)), o.scratch[:n], aad(o.key, last))
	if err != nil {
		o.seg = -1
		return fmt.Errorf("blob/sealed: %s: segment %d: %w", o.key, seg, ErrCorrupt)
	}
	o.plain, o.seg = plain, seg
	return nil
}

package blob

import (
	"context"
	"errors"
	"io"
)

// OpenAt opens a stream of an object from offset to its end.
type OpenAt func(ctx context.Context, offset int64) (io.ReadCloser, error)

// Ranged is a seekable Object over a store that serves byte ranges (Azure
// Blob, S3): a read after a seek opens one ranged download from the new
// position, so serving an HTTP Range never fetches the whole object.
type Ranged struct {
	ctx  context.Context
	open OpenAt
	info Info
	pos  int64
	body io.ReadCloser
}

// NewRanged returns an object of the given size read through open.
func NewRanged(ctx context.Context, info Info, open OpenAt) *Ranged {
	return &Ranged{ctx: ctx, open: open, info: info}
}

// Info reports the object's size and time.
func (o *Ranged) Info() Info { return o.info }

func (o *Ranged) Read(p []byte) (int, error) {
	if o.pos >= o.info.Size {
		return 0, io.EOF
	}
	if o.body == nil {
		b, err := o.open(o.ctx, o.pos)
		if err != nil {
			return 0, err
		}
		o.body = b
	}
	n, err := o.body.Read(p)
	o.pos += int64(n)
	if errors.Is(err, io.EOF) && o.pos < o.info.Size {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// Seek moves the position; the next Read opens a new range there.
func (o *Ranged) Seek(offset int64, whence int) (int64, error) {
	p := offset
	switch whence {
	case io.SeekCurrent:
		p += o.pos
	case io.SeekEnd:
		p += o.info.Size
	}
	if p < 0 {
		return 0, errors.New("blob: negative position")
	}
	if p != o.pos && o.body != nil {
		o.body.Close()
		o.body = nil
	}
	o.pos = p
	return p, nil
}

// Close ends the current download.
func (o *Ranged) Close() error {
	if o.body != nil {
		return o.body.Close()
	}
	return nil
}

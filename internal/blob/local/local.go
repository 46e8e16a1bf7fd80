// Package local stores blobs as files under one directory.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"wecomadmin/internal/blob"
)

// Bucket is a directory of files.
type Bucket struct{ root string }

// New returns a bucket rooted at dir, creating it when absent.
func New(dir string) (*Bucket, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob/local: %w", err)
	}
	return &Bucket{root: dir}, nil
}

func (b *Bucket) path(key string) (string, error) {
	if err := blob.ValidKey(key); err != nil {
		return "", err
	}
	return filepath.Join(b.root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file and renames it into place, so a reader
// never sees a partial object and a crash leaves no torn file.
func (b *Bucket) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	p, err := b.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("blob/local: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("blob/local: put %s: %w", key, err)
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, ctxReader{ctx, r})
	if err == nil && size >= 0 && n != size {
		err = fmt.Errorf("short write: %d of %d bytes", n, size)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		return fmt.Errorf("blob/local: put %s: %w", key, err)
	}
	return nil
}

type file struct {
	*os.File
	info blob.Info
}

func (f file) Info() blob.Info { return f.info }

// Open opens the file for reading.
func (b *Bucket) Open(ctx context.Context, key string) (blob.Object, error) {
	p, err := b.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, mapErr(key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, mapErr(key, err)
	}
	return file{File: f, info: blob.Info{Size: st.Size(), ModTime: st.ModTime()}}, nil
}

// Stat reports size and modification time.
func (b *Bucket) Stat(ctx context.Context, key string) (blob.Info, error) {
	p, err := b.path(key)
	if err != nil {
		return blob.Info{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return blob.Info{}, mapErr(key, err)
	}
	return blob.Info{Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes the file.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	p, err := b.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob/local: delete %s: %w", key, err)
	}
	return nil
}

// Ping checks the directory is writable.
func (b *Bucket) Ping(ctx context.Context) error {
	f, err := os.CreateTemp(b.root, ".ping-*")
	if err != nil {
		return fmt.Errorf("blob/local: %w", err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func mapErr(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob/local: %s: %w", key, blob.ErrNotFound)
	}
	return fmt.Errorf("blob/local: %s: %w", key, err)
}

// ctxReader stops a long copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

package sealed

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/blob/blobtest"
	"wecomadmin/internal/blob/local"
)

func newBucket(t *testing.T) (*Bucket, string) {
	t.Helper()
	dir := t.TempDir()
	inner, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(inner, bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return b, dir
}

func TestConformance(t *testing.T) {
	t.Parallel()
	b, _ := newBucket(t)
	blobtest.Run(t, b)
}

func TestSegmentBoundaries(t *testing.T) {
	t.Parallel()
	b, _ := newBucket(t)
	ctx := context.Background()
	for _, n := range []int{0, 1, segSize - 1, segSize, segSize + 1, 2 * segSize, 3*segSize + 5} {
		data := bytes.Repeat([]byte("数据"), n/6+1)[:n]
		if err := b.Put(ctx, "k", bytes.NewReader(data), int64(n)); err != nil {
			t.Fatalf("n=%d put: %v", n, err)
		}
		o, err := b.Open(ctx, "k")
		if err != nil {
			t.Fatalf("n=%d open: %v", n, err)
		}
		got, err := io.ReadAll(o)
		o.Close()
		if err != nil || !bytes.Equal(got, data) || o.Info().Size != int64(n) {
			t.Fatalf("n=%d: got %d bytes, size %d, err %v", n, len(got), o.Info().Size, err)
		}
	}
}

func TestTamperTruncateAndSwapDetected(t *testing.T) {
	t.Parallel()
	b, dir := newBucket(t)
	ctx := context.Background()
	data := bytes.Repeat([]byte("x"), 3*segSize)
	for _, k := range []string{"a", "b"} {
		if err := b.Put(ctx, k, bytes.NewReader(data), -1); err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "a"))
	if strings.Contains(string(raw), "xxxxxxxx") {
		t.Fatal("plaintext visible at rest")
	}
	readAll := func(k string) error {
		o, err := b.Open(ctx, k)
		if err != nil {
			return err
		}
		defer o.Close()
		_, err = io.ReadAll(o)
		return err
	}
	flipped := append([]byte(nil), raw...)
	flipped[hdrSize+100] ^= 1
	os.WriteFile(filepath.Join(dir, "a"), flipped, 0o600)
	if err := readAll("a"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("flipped bit: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "a"), raw[:len(raw)-(segSize+tagSize)], 0o600)
	if err := readAll("a"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("dropped last segment: %v", err)
	}
	rawB, _ := os.ReadFile(filepath.Join(dir, "b"))
	os.WriteFile(filepath.Join(dir, "a"), rawB, 0o600)
	if err := readAll("a"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("swapped objects: %v", err)
	}
}

func TestWrongKeyLength(t *testing.T) {
	t.Parallel()
	if _, err := New(nil, []byte("short")); err == nil {
		t.Fatal("accepted a short key")
	}
}

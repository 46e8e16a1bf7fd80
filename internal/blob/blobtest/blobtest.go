// Package blobtest is the conformance suite every blob.Bucket passes.
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"testing"

	"wecomadmin/internal/blob"
)

// Run checks put/open/seek/stat/delete semantics, streaming of a large
// object, bad keys and missing keys.
func Run(t *testing.T, b blob.Bucket) {
	t.Helper()
	ctx := context.Background()
	if err := b.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	data := make([]byte, 3*1024*1024+17) // odd size across any chunking
	_, _ = rand.Read(data)
	key := blob.ContentKey("ab12cd34ef")
	if err := b.Put(ctx, key, bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatalf("Put: %v", err)
	}
	if st, err := b.Stat(ctx, key); err != nil || st.Size != int64(len(data)) {
		t.Fatalf("Stat = %+v, %v", st, err)
	}
	obj, err := b.Open(ctx, key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got, err := io.ReadAll(obj)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("ReadAll: %d bytes, err %v", len(got), err)
	}
	for _, off := range []int64{0, 1, 65535, 65536, 1 << 20, int64(len(data)) - 5} {
		if _, err := obj.Seek(off, io.SeekStart); err != nil {
			t.Fatalf("Seek %d: %v", off, err)
		}
		buf := make([]byte, 100)
		n, err := io.ReadFull(obj, buf)
		want := data[off:min(off+100, int64(len(data)))]
		if (err != nil && !errors.Is(err, io.ErrUnexpectedEOF)) || !bytes.Equal(buf[:n], want) {
			t.Fatalf("read at %d: n=%d err=%v", off, n, err)
		}
	}
	if end, err := obj.Seek(0, io.SeekEnd); err != nil || end != int64(len(data)) {
		t.Fatalf("Seek end = %d, %v", end, err)
	}
	obj.Close()

	// Unicode in content, unknown size.
	if err := b.Put(ctx, "exports/2026/报告.txt", strings.NewReader("x"), -1); !errors.Is(err, blob.ErrBadKey) {
		t.Fatalf("CJK key: %v, want ErrBadKey", err)
	}
	if err := b.Put(ctx, "exports/report.txt", strings.NewReader("不良反应报告"), -1); err != nil {
		t.Fatalf("Put unknown size: %v", err)
	}
	for _, bad := range []string{"", "../etc/passwd", "a/../b", "/abs", "a//b", ".hidden"} {
		if err := b.Put(ctx, bad, strings.NewReader("x"), 1); !errors.Is(err, blob.ErrBadKey) {
			t.Errorf("Put(%q) = %v, want ErrBadKey", bad, err)
		}
	}
	if _, err := b.Open(ctx, "missing/key"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Open missing: %v", err)
	}
	if _, err := b.Stat(ctx, "missing/key"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Stat missing: %v", err)
	}
	if err := b.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := b.Delete(ctx, key); err != nil {
		t.Fatalf("Delete twice: %v", err)
	}
	if _, err := b.Stat(ctx, key); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Stat after delete: %v", err)
	}
}

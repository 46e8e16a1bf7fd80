// Package blob is object storage for media and exports: one small interface
// with a local directory (default), Azure Blob and S3-compatible backends in
// sub-packages, and an optional encryption-at-rest wrapper (blob/sealed).
package blob

import (
	"context"
	"errors"
	"io"
	"regexp"
	"time"
)

// ErrNotFound is returned for a key that holds nothing.
var ErrNotFound = errors.New("blob: not found")

// ErrBadKey is returned for a key outside the allowed alphabet.
var ErrBadKey = errors.New("blob: invalid key")

// Bucket stores immutable objects by key. Writers stream (nothing is held
// whole in memory); readers can seek, so HTTP Range requests are served
// without downloading the whole object.
type Bucket interface {
	// Put stores r under key. size is the byte count when known, or -1.
	Put(ctx context.Context, key string, r io.Reader, size int64) error
	// Open returns a seekable reader over the object.
	Open(ctx context.Context, key string) (Object, error)
	// Stat reports an object's size and time, or ErrNotFound.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the object; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Ping checks that the backend answers (for /api/v1/status).
	Ping(ctx context.Context) error
}

// Info describes a stored object.
type Info struct {
	Size    int64
	ModTime time.Time
}

// Object is an open object: read, seek, close.
type Object interface {
	io.ReadSeekCloser
	Info() Info
}

// '=' and a leading '_' are allowed for the lake's Hive-style layout
// (messages/corp=X/date=Y/..., _manifest.json), which Spark and ADF read.
var keyRe = regexp.MustCompile(`^[a-zA-Z0-9_][a-zA-Z0-9._=\-]*(/[a-zA-Z0-9_][a-zA-Z0-9._=\-]*)*$`)

// ValidKey checks a key: slash-separated segments of [A-Za-z0-9._=-], no
// segment starting with a dot or '=' (so no "..", no hidden files), at most 512 bytes.
func ValidKey(key string) error {
	if len(key) == 0 || len(key) > 512 || !keyRe.MatchString(key) {
		return ErrBadKey
	}
	return nil
}

// ContentKey is the content address of a SHA-256 hex digest: identical files
// are stored once. The two-level fan-out keeps directories small.
func ContentKey(sha256hex string) string {
	if len(sha256hex) < 4 {
		return "sha256/" + sha256hex
	}
	return "sha256/" + sha256hex[:2] + "/" + sha256hex[2:4] + "/" + sha256hex
}

// Package scan is the malware-scanning port of the media pipeline. The
// clamd sub-package implements it over ClamAV's INSTREAM protocol.
package scan

import (
	"context"
	"errors"
	"io"
)

// ErrUnavailable means the scanner cannot be reached; files wait unscanned.
var ErrUnavailable = errors.New("scan: scanner unavailable")

// Verdict is the outcome of one scan.
type Verdict struct {
	Infected  bool
	Signature string // ClamAV signature name when infected
}

// Scanner scans a stream.
type Scanner interface {
	Scan(ctx context.Context, r io.Reader) (Verdict, error)
	// Version names the engine and signature database, for the status page.
	Version(ctx context.Context) (string, error)
}

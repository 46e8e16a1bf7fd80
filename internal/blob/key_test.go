package blob

import (
	"errors"
	"testing"
)

func TestValidKey(t *testing.T) {
	for _, tc := range []struct {
		key string
		ok  bool
	}{
		{"sha256/ab/cd/abcd", true},
		{"lake/messages/corp=ww1/date=2026-12-07/part-00000.parquet", true},
		{"lake/_manifests/corp=ww1/run-1/_manifest.json", true},
		{"", false},
		{"../etc/passwd", false},
		{"a/../b", false},
		{".hidden", false},
		{"=x", false},
		{"a//b", false},
		{"/abs", false},
	} {
		err := ValidKey(tc.key)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, ErrBadKey)) {
			t.Errorf("ValidKey(%q) = %v, want ok=%v", tc.key, err, tc.ok)
		}
	}
}

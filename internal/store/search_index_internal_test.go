package store

import (
	"encoding/json"
	"slices"
	"testing"
)

// FuzzPlainList: the fast tolist split agrees with encoding/json whenever
// it accepts its input.
func FuzzPlainList(f *testing.F) {
	for _, s := range []string{`[]`, `["a"]`, `["wm1","e0"]`, `["a,b"]`, `["a\"b"]`, `[ "a" ]`, `["a",]`, `[""]`, `["a""b"]`, `x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := plainList(s)
		if !ok {
			return
		}
		var want []string
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("plainList(%q) = %q, but it is not JSON: %v", s, got, err)
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("plainList(%q) = %q, json %q", s, got, want)
		}
	})
}

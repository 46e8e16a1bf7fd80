package search

import (
	"context"
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/store"
)

// corpsOnly is a Store that knows corps and nothing else.
type corpsOnly struct {
	Store
	corps []store.Corp
}

func (c corpsOnly) ListCorps(context.Context) ([]store.Corp, error) { return c.corps, nil }

// TestSearchWithoutCorpSaysWhy: no corp configured and two corps without
// corp= get different, clear input errors.
func TestSearchWithoutCorpSaysWhy(t *testing.T) {
	cases := []struct {
		corps []store.Corp
		want  string
	}{
		{nil, "no corp is configured yet"},
		{[]store.Corp{{CorpID: "a"}, {CorpID: "b"}}, "corp is required when more than one corp"},
	}
	for _, c := range cases {
		s := New(corpsOnly{corps: c.corps}, nil)
		_, _, err := s.prepare(context.Background(), Request{Q: "医生"})
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d corps: %v, want %q", len(c.corps), err, c.want)
		}
	}
}

package contacts

import (
	"errors"
	"testing"
)

func TestCursorWalkRefusesRepeats(t *testing.T) {
	w := cursorWalk{}
	for _, c := range []string{"a", "b"} {
		if err := w.advance("x", c); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
	}
	for _, c := range []string{"a", "b", ""} {
		if err := w.advance("x", c); !errors.Is(err, ErrRepeatedCursor) {
			t.Errorf("%q again: %v", c, err)
		}
	}
}

package contacts

import (
	"errors"
	"fmt"
)

// ErrRepeatedCursor ends a cursor walk whose server handed back a
// next_cursor it gave before: following it would read a page twice, or
// loop forever.
var ErrRepeatedCursor = errors.New("contacts: WeCom repeated a next_cursor")

// cursorWalk remembers the cursors of one walk.
type cursorWalk map[string]bool

// advance accepts next as the following cursor, or refuses one seen before.
func (w cursorWalk) advance(what, next string) error {
	if w[next] || next == "" {
		return fmt.Errorf("%w: %s cursor %q", ErrRepeatedCursor, what, next)
	}
	w[next] = true
	return nil
}

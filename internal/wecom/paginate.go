package wecom

import (
	"fmt"
	"iter"
)

// paginate turns a cursor-paged call into an iterator. fetch gets the
// cursor ("" first) and returns the page, the next cursor ("" when done)
// and an error, which is yielded once and ends the walk. A next_cursor seen
// before ends the walk with ErrBadResponse: a server that repeats a cursor
// would otherwise hand us the same page twice, or loop us.
func paginate[T any](fetch func(cursor string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		cursor := ""
		seen := map[string]bool{"": true}
		for {
			items, next, err := fetch(cursor)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			if seen[next] {
				var zero T
				yield(zero, fmt.Errorf("%w: next_cursor %q repeats an earlier page's; pagination stopped", ErrBadResponse, next))
				return
			}
			seen[next] = true
			cursor = next
		}
	}
}

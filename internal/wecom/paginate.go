package wecom

import "iter"

// paginate turns a cursor-paged call into an iterator. fetch gets the
// cursor ("" first) and returns the page, the next cursor ("" when done)
// and an error, which is yielded once and ends the walk. A page that repeats
// its cursor ends the walk too, so a misbehaving server cannot loop us.
func paginate[T any](fetch func(cursor string) ([]T, string, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		cursor := ""
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
			if next == "" || next == cursor {
				return
			}
			cursor = next
		}
	}
}

package search

import (
	"html"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Snippet cuts about width runes of text around the first highlight and
// wraps every highlight in <mark>; the rest is HTML-escaped. Matching runs
// on normalized text (full-width and case folded) mapped back to the
// original runes, so the reviewer sees the message as written.
func Snippet(text string, marks []string, width int) string {
	orig := []rune(text)
	var normRunes []rune
	var src []int // normalized rune index → original rune index
	for i, r := range orig {
		for _, n := range strings.ToLower(norm.NFKC.String(string(r))) {
			normRunes = append(normRunes, n)
			src = append(src, i)
		}
	}
	marked := make([]bool, len(orig))
	first := -1
	ns := string(normRunes)
	for _, m := range marks {
		if m == "" {
			continue
		}
		mr := []rune(m)
		for off := 0; ; {
			k := strings.Index(ns[off:], m)
			if k < 0 {
				break
			}
			ri := len([]rune(ns[:off+k]))
			for j := ri; j < ri+len(mr) && j < len(src); j++ {
				marked[src[j]] = true
			}
			if first < 0 || src[ri] < first {
				first = src[ri]
			}
			off += k + len(m)
		}
	}
	start := 0
	if first > width/3 {
		start = first - width/3
	}
	end := min(len(orig), start+width)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	in := false
	for i := start; i < end; i++ {
		if marked[i] != in {
			if marked[i] {
				b.WriteString("<mark>")
			} else {
				b.WriteString("</mark>")
			}
			in = marked[i]
		}
		b.WriteString(html.EscapeString(string(orig[i])))
	}
	if in {
		b.WriteString("</mark>")
	}
	if end < len(orig) {
		b.WriteString("…")
	}
	return b.String()
}

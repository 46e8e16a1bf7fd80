package detect

import "unicode"

// normalizer folds text rune for rune (so spans carry over unchanged):
// full-width forms to ASCII, ASCII to lower case, and the policy's fold
// table (traditional to simplified characters).
type normalizer struct {
	fold map[rune]rune
}

func newNormalizer(p *Policy) *normalizer {
	n := &normalizer{fold: make(map[rune]rune, len(p.Fold))}
	for k, v := range p.Fold {
		n.fold[[]rune(k)[0]] = []rune(v)[0]
	}
	return n
}

func (n *normalizer) rune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		r = ' '
	}
	if r >= 'A' && r <= 'Z' {
		return r + ('a' - 'A')
	}
	if r < 0x80 {
		return r
	}
	if f, ok := n.fold[r]; ok {
		return f
	}
	if unicode.IsUpper(r) {
		return unicode.ToLower(r)
	}
	return r
}

// runes returns the normalised runes of s into buf (reused when large enough).
func (n *normalizer) runes(s string, buf []rune) []rune {
	buf = buf[:0]
	for _, r := range s {
		buf = append(buf, n.rune(r))
	}
	return buf
}

func (n *normalizer) term(s string) []rune { return n.runes(s, nil) }

func isASCIIWord(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isHan(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return unicode.Is(unicode.Han, r)
}

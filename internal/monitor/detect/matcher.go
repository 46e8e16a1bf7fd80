package detect

// matcher finds every term of many lexicons in one pass over normalised
// runes. Terms are indexed by their first rune (a map of prefixes), so a
// message costs one map lookup per rune plus the few candidate compares.
type matcher struct {
	terms []term
	first map[rune][]int32
}

type term struct {
	pat    []rune
	lex    int // lexicon id
	idx    int // index of the term in its lexicon (for the rule id)
	text   string
	prefix bool // trailing '*': no right word boundary
	wordL  bool // starts with an ASCII letter or digit: needs a left boundary
	wordR  bool
}

// match is one term found at runes [start, end).
type match struct {
	lex, term  int
	start, end int
}

func newMatcher() *matcher { return &matcher{first: map[rune][]int32{}} }

func (m *matcher) add(lex, idx int, text string, norm []rune) {
	t := term{lex: lex, idx: idx, text: text}
	if len(norm) > 0 && norm[len(norm)-1] == '*' {
		t.prefix = true
		norm = norm[:len(norm)-1]
	}
	for len(norm) > 0 && norm[0] == ' ' {
		norm = norm[1:]
	}
	for len(norm) > 0 && norm[len(norm)-1] == ' ' {
		norm = norm[:len(norm)-1]
	}
	if len(norm) == 0 {
		return
	}
	t.pat = norm
	t.wordL = isASCIIWord(norm[0]) || norm[0] == '#'
	last := norm[len(norm)-1]
	t.wordR = !t.prefix && (isASCIIWord(last) || last == '#')
	id := int32(len(m.terms))
	m.terms = append(m.terms, t)
	if norm[0] == '#' {
		for d := '0'; d <= '9'; d++ {
			m.first[d] = append(m.first[d], id)
		}
		return
	}
	m.first[norm[0]] = append(m.first[norm[0]], id)
}

// find appends every match in text to out.
func (m *matcher) find(text []rune, out []match) []match {
	for i, r := range text {
		cands := m.first[r]
		if len(cands) == 0 {
			continue
		}
		for _, id := range cands {
			t := &m.terms[id]
			if t.wordL && i > 0 && isASCIIWord(text[i-1]) {
				continue
			}
			end, ok := matchAt(t.pat, text, i)
			if !ok {
				continue
			}
			if t.wordR && end < len(text) && isASCIIWord(text[end]) {
				continue
			}
			out = append(out, match{lex: t.lex, term: int(id), start: i, end: end})
		}
	}
	return out
}

// matchAt compares pat at text[i:]; '#' takes one or more digits and ' '
// takes one or more spaces (or none between a digit group and a unit).
func matchAt(pat, text []rune, i int) (int, bool) {
	j := i
	for _, p := range pat {
		switch p {
		case '#':
			if j >= len(text) || !isDigit(text[j]) {
				return 0, false
			}
			for j < len(text) && (isDigit(text[j]) || text[j] == '.') {
				j++
			}
		case ' ':
			if j >= len(text) || text[j] != ' ' {
				continue // optional space
			}
			for j < len(text) && text[j] == ' ' {
				j++
			}
		default:
			if j >= len(text) || text[j] != p {
				return 0, false
			}
			j++
		}
	}
	return j, true
}

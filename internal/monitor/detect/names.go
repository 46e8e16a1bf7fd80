package detect

import "unicode"

// nameFinder recognises patient names: a Chinese surname followed by one or
// two common given-name characters with a boundary on both sides, or a
// pinyin surname followed by a capitalised given name. A surname with an
// honorific ("李阿婆", "Mrs. Zhao") or a masked name ("王*兰") is not a name.
type nameFinder struct {
	surnames map[rune]bool
	given    map[rune]bool
	en       map[string]bool
	stop     map[string]bool
}

func newNameFinder(c NameConfig, n *normalizer) *nameFinder {
	f := &nameFinder{surnames: map[rune]bool{}, given: map[rune]bool{}, en: map[string]bool{}, stop: map[string]bool{}}
	for _, r := range c.Surnames {
		if isHan(r) {
			f.surnames[n.rune(r)] = true
		}
	}
	for _, r := range c.Given {
		if isHan(r) {
			f.given[n.rune(r)] = true
		}
	}
	for _, s := range c.EnSurnames {
		f.en[string(n.term(s))] = true
	}
	for _, s := range c.Stop {
		f.stop[string(n.term(s))] = true
	}
	return f
}

func (f *nameFinder) find(s *scan) []match {
	var out []match
	t := s.text
	before := make([]bool, len(t)+1)
	for _, m := range s.byLex[s.d.nameBefore] {
		before[m.end] = true
	}
	after := make([]bool, len(t)+1)
	for _, m := range s.byLex[s.d.nameAfter] {
		after[m.start] = true
	}
	inProduct := make([]bool, len(t)+1)
	for _, m := range s.byLex[s.d.lexProduct] {
		for i := m.start; i < m.end; i++ {
			inProduct[i] = true
		}
	}
	for i := 0; i < len(t); i++ {
		if !f.surnames[t[i]] || inProduct[i] {
			continue
		}
		if i > 0 && isHan(t[i-1]) && !before[i] && !annotated(t, i) {
			continue
		}
		if i > 0 && t[i-1] == '姓' {
			continue
		}
		for _, n := range []int{3, 2} {
			j := i + n
			if j > len(t) {
				continue
			}
			ok := true
			for k := i + 1; k < j; k++ {
				if !f.given[t[k]] || inProduct[k] {
					ok = false
				}
			}
			if !ok || f.stop[string(t[i:j])] {
				continue
			}
			if j < len(t) && isHan(t[j]) && !after[j] {
				continue
			}
			out = append(out, match{lex: -1 - bName, term: -1, start: i, end: j})
			i = j - 1
			break
		}
	}
	return append(out, f.findEN(s)...)
}

// findEN looks at the original (cased) runes: "Zhang Wei", "Mrs. Huang Lihua".
func (f *nameFinder) findEN(s *scan) []match {
	var out []match
	o := s.orig
	word := func(i int) (int, bool) { // end of a capitalised ASCII word at i
		if i >= len(o) || o[i] < 'A' || o[i] > 'Z' || (i > 0 && isASCIIWord(o[i-1])) {
			return 0, false
		}
		j := i + 1
		for j < len(o) && o[j] >= 'a' && o[j] <= 'z' {
			j++
		}
		if j < len(o) && isASCIIWord(o[j]) {
			return 0, false
		}
		return j, true
	}
	for i := 0; i < len(o); i++ {
		e1, ok := word(i)
		if !ok {
			continue
		}
		if !f.en[string(s.text[i:e1])] {
			i = e1
			continue
		}
		k := e1
		if k >= len(o) || o[k] != ' ' {
			continue
		}
		e2, ok := word(k + 1)
		if !ok || e2-(k+1) < 2 || f.stop[string(s.text[k+1:e2])] || !unicode.IsLetter(o[k+1]) {
			continue
		}
		out = append(out, match{lex: -1 - bName, term: -1, start: i, end: e2})
		i = e2
	}
	return out
}

// annotated: a surname and one or two given-name characters followed by a
// parenthetical note ("核对一下郑淑珍（乙肝，…）"): a name whatever stands
// before it; the rule still needs a diagnosis or a product beside it.
func annotated(t []rune, i int) bool {
	for _, n := range []int{3, 2} {
		if j := i + n; j < len(t) && (t[j] == '（' || t[j] == '(') {
			return true
		}
	}
	return false
}

package textindex

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Query limits: a search box, not a program.
const (
	MaxQueryBytes = 512
	MaxTerms      = 16
)

// ErrEmptyQuery is returned when a query has no term to look for (nothing,
// only punctuation, or only exclusions).
var ErrEmptyQuery = errors.New("textindex: query has no searchable term")

// Term is one query term: a word or a "quoted phrase", possibly excluded.
type Term struct {
	Text    string // normalized
	Phrase  bool
	Exclude bool
}

// Query is a parsed search: every Must term, none of the Not terms.
type Query struct {
	Must, Not []Term
}

// Parse reads `不良反应 "adverse event" -会议`: terms AND, quotes make a
// phrase, a leading '-' excludes.
func Parse(q string) (Query, error) {
	if len(q) > MaxQueryBytes {
		return Query{}, fmt.Errorf("textindex: query longer than %d bytes", MaxQueryBytes)
	}
	s := []rune(Normalize(q))
	var out Query
	for i := 0; i < len(s); {
		if unicode.IsSpace(s[i]) {
			i++
			continue
		}
		t := Term{}
		if s[i] == '-' && i+1 < len(s) && !unicode.IsSpace(s[i+1]) {
			t.Exclude = true
			i++
		}
		if isQuote(s[i]) {
			t.Phrase = true
			j := i + 1
			for j < len(s) && !isQuote(s[j]) {
				j++
			}
			t.Text = string(s[i+1 : min(j, len(s))])
			i = j + 1
		} else {
			j := i
			for j < len(s) && !unicode.IsSpace(s[j]) && !isQuote(s[j]) {
				j++
			}
			t.Text = string(s[i:j])
			i = j
		}
		if len(Runs(t.Text)) == 0 {
			continue // punctuation only: nothing to index or find
		}
		if len(out.Must)+len(out.Not) >= MaxTerms {
			return Query{}, fmt.Errorf("textindex: more than %d terms", MaxTerms)
		}
		if t.Exclude {
			out.Not = append(out.Not, t)
		} else {
			out.Must = append(out.Must, t)
		}
	}
	if len(out.Must) == 0 {
		return Query{}, ErrEmptyQuery
	}
	return out, nil
}

// Atom is one index lookup: a token sequence that must be consecutive in
// stream T (or G).
type Atom struct {
	G      bool
	Tokens []string
}

// Atoms compiles a term into lookups that must all hold. Each run of the
// term is one atom; runs are not required to be adjacent, so a phrase of
// several runs matches a superset (recall first).
func (t Term) Atoms() []Atom {
	var out []Atom
	for _, r := range Runs(t.Text) {
		switch {
		case r.Class == cjk && len(r.Text) == 1:
			out = append(out, Atom{G: true, Tokens: []string{string(r.Text)}})
		case r.Class == cjk:
			a := Atom{}
			for i := 0; i+1 < len(r.Text); i++ {
				a.Tokens = append(a.Tokens, string(r.Text[i:i+2]))
			}
			out = append(out, a)
		case r.Class == digit && len(r.Text) == 1:
			out = append(out, Atom{Tokens: []string{string(r.Text)}})
		case r.Class == digit:
			out = append(out, Atom{G: true, Tokens: digitBigrams(r.Text[:min(len(r.Text), maxDigitRunes)])})
		default:
			out = append(out, Atom{Tokens: []string{string(r.Text[:min(len(r.Text), maxWordRunes)])}})
		}
	}
	return out
}

// Highlights lists the normalized strings a snippet should mark.
func (q Query) Highlights() []string {
	var out []string
	for _, t := range q.Must {
		for _, r := range Runs(t.Text) {
			out = append(out, string(r.Text))
		}
	}
	return out
}

// FTS5 renders the query as an FTS5 MATCH expression over columns t and g.
// Tokens hold only letters, digits and CJK, so quoting them is safe.
func (q Query) FTS5() string {
	term := func(t Term) string {
		var parts []string
		for _, a := range t.Atoms() {
			col := "t"
			if a.G {
				col = "g"
			}
			parts = append(parts, col+`:"`+strings.Join(a.Tokens, " ")+`"`)
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	}
	var must []string
	for _, t := range q.Must {
		must = append(must, term(t))
	}
	out := strings.Join(must, " AND ")
	for _, t := range q.Not {
		out += " NOT " + term(t)
	}
	return out
}

// TSQuery renders the query as a PostgreSQL tsquery literal (cast with
// ::tsquery; no parser runs on it).
func (q Query) TSQuery() string {
	term := func(t Term) string {
		var parts []string
		for _, a := range t.Atoms() {
			var lex []string
			for _, tok := range a.Tokens {
				if a.G {
					tok = gPrefix + tok
				}
				lex = append(lex, quoteLexeme(tok))
			}
			parts = append(parts, "("+strings.Join(lex, " <-> ")+")")
		}
		return "(" + strings.Join(parts, " & ") + ")"
	}
	var must []string
	for _, t := range q.Must {
		must = append(must, term(t))
	}
	out := strings.Join(must, " & ")
	for _, t := range q.Not {
		out += " & !" + term(t)
	}
	return out
}

// Matches reports whether normalized text satisfies the query the way the
// index does (CJK and digits as substrings, words whole); the brute-force
// oracle of the recall tests and the snippet check use it.
func (q Query) Matches(text string) bool {
	d := Tokenize(text)
	has := func(t Term) bool {
		for _, a := range t.Atoms() {
			stream := d.T
			if a.G {
				stream = d.G
			}
			if !containsSeq(stream, a.Tokens) {
				return false
			}
		}
		return true
	}
	for _, t := range q.Must {
		if !has(t) {
			return false
		}
	}
	for _, t := range q.Not {
		if has(t) {
			return false
		}
	}
	return true
}

func containsSeq(stream, seq []string) bool {
	if len(seq) == 0 {
		return true
	}
	for i := 0; i+len(seq) <= len(stream); i++ {
		ok := true
		for j := range seq {
			if stream[i+j] != seq[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// isQuote accepts ASCII and Chinese quotation marks.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// PartyFTS5 is the FTS5 condition "the message involves party id" over the
// p column, or "" when id holds nothing FTS5 would index (the caller's SQL
// filter decides alone then). FTS5 splits ids at punctuation, so this is a
// pre-filter the exact SQL condition confirms.
func PartyFTS5(id string) string {
	if len(Runs(Normalize(id))) == 0 {
		return ""
	}
	return `p:"` + strings.ReplaceAll(id, `"`, `""`) + `"`
}

// PartyTSQuery is the tsquery lexeme "the message involves party id".
func PartyTSQuery(id string) string { return quoteLexeme(PartyPrefix + id) }

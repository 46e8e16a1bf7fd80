package textindex

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Query limits: a search box, not a program.
const (
	MaxQueryBytes = 512
	MaxTerms      = 16
)

// ErrEmptyQuery is returned when a query has no term to look for (nothing,
// only punctuation, or only exclusions).
var ErrEmptyQuery = errors.New("textindex: query has no searchable term")

// ErrUnsupported is returned for operators the language does not have
// (parentheses, NOT, a dangling OR), so a query never silently finds
// nothing because a word was taken as an operator or the reverse.
var ErrUnsupported = errors.New("textindex: unsupported query")

// Term is one query term: a word or a "quoted phrase", possibly excluded.
// Or holds the alternatives joined to it with OR: the term matches when it
// or any of them does.
type Term struct {
	Text    string // normalized
	Phrase  bool
	Exclude bool
	Or      []Term
}

// Query is a parsed search: every Must term, none of the Not terms.
type Query struct {
	Must, Not []Term
}

// Help says what the query language supports, for error messages and the UI.
const Help = `terms are ANDed; "quoted phrase"; -term excludes; A OR B (or A | B) matches either; ` +
	`OR binds tighter than the implicit AND: 超说明书 OR 不良反应 会议 = (超说明书 OR 不良反应) AND 会议`

// Parse reads `不良反应 "adverse event" -会议 ADR OR SAE`: terms AND,
// quotes make a phrase, a leading '-' excludes, OR (or |) between two
// terms makes them alternatives. Parentheses and NOT are refused with
// ErrUnsupported rather than searched for as words.
func Parse(q string) (Query, error) {
	if len(q) > MaxQueryBytes {
		return Query{}, fmt.Errorf("textindex: query longer than %d bytes", MaxQueryBytes)
	}
	toks, err := lex([]rune(norm.NFKC.String(q)))
	if err != nil {
		return Query{}, err
	}
	var out Query
	n := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.op != "" {
			return Query{}, fmt.Errorf("%w: %s needs a term on each side (%s)", ErrUnsupported, t.op, Help)
		}
		for i+2 < len(toks) && toks[i+1].op == "OR" && toks[i+2].op == "" {
			alt := toks[i+2].term
			if t.term.Exclude || alt.Exclude {
				return Query{}, fmt.Errorf("%w: an excluded -term cannot be part of OR", ErrUnsupported)
			}
			t.term.Or = append(t.term.Or, alt)
			n++
			i += 2
		}
		if i+1 < len(toks) && toks[i+1].op == "OR" {
			return Query{}, fmt.Errorf("%w: OR needs a term on each side (%s)", ErrUnsupported, Help)
		}
		if n++; n > MaxTerms {
			return Query{}, fmt.Errorf("textindex: more than %d terms", MaxTerms)
		}
		if t.term.Exclude {
			out.Not = append(out.Not, t.term)
		} else {
			out.Must = append(out.Must, t.term)
		}
	}
	if len(out.Must) == 0 {
		return Query{}, ErrEmptyQuery
	}
	return out, nil
}

// token is a term or an operator ("OR").
type token struct {
	term Term
	op   string
}

// Operators are upper case, as users type them in search engines; a
// lower-case "or" is searched as a word.
const (
	opOr  = "OR"
	opAnd = "AND"
	opNot = "NOT"
)

// lex splits the query (NFKC-folded, case kept so operators can be told
// from words) into terms, whose text it then normalizes, and operators.
func lex(s []rune) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		if unicode.IsSpace(s[i]) {
			i++
			continue
		}
		if s[i] == '(' || s[i] == ')' || s[i] == '（' || s[i] == '）' {
			if standalone(s, i) {
				return nil, fmt.Errorf("%w: parentheses are not supported (%s)", ErrUnsupported, Help)
			}
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
		if !t.Exclude && !t.Phrase {
			switch t.Text {
			case "|", "｜", opOr:
				out = append(out, token{op: "OR"})
				continue
			case opAnd:
				continue // explicit AND is the default
			case opNot:
				return nil, fmt.Errorf("%w: NOT is written -term (%s)", ErrUnsupported, Help)
			}
		}
		t.Text = Normalize(t.Text)
		if len(Runs(t.Text)) == 0 {
			continue // punctuation only: nothing to index or find
		}
		out = append(out, token{term: t})
	}
	return out, nil
}

// standalone reports whether the parenthesis at i opens or closes a group
// (at a word edge), not one written inside a word such as "ADR(严重)".
func standalone(s []rune, i int) bool {
	open := s[i] == '(' || s[i] == '（'
	if open {
		return i == 0 || unicode.IsSpace(s[i-1])
	}
	return i == len(s)-1 || unicode.IsSpace(s[i+1])
}

// Atom is one index lookup: a token sequence that must be consecutive in
// stream T (or G).
type Atom struct {
	G      bool
	Tokens []string
}

// Atoms compiles a term into lookups that must all hold.
//
// A term of one run is one atom. A term of several runs (a phrase, or a
// word typed without spaces such as iPhone手机) must match with its runs
// adjacent: the first run may end a longer run of the text and the last
// may begin one (CJK and digits are substrings), inner runs are whole. In
// stream T consecutive runs give consecutive tokens, so the runs that T
// renders exactly form one chain atom: inner runs always; an edge run when
// it is a word or two or more CJK characters. An edge that is a single CJK
// character or a digit run would need a prefix or suffix token; it becomes
// a looser atom of its own (its unigram or digit grams) and the term is
// Lossy: the store re-checks candidates with Matches.
func (t Term) Atoms() []Atom {
	runs := Runs(t.Text)
	if len(runs) <= 1 {
		return runAtoms(runs)
	}
	a, b := 0, len(runs)-1
	if !chainEdge(runs[a]) {
		a++
	}
	if !chainEdge(runs[b]) {
		b--
	}
	var out []Atom
	if b > a {
		chain := Atom{}
		for _, r := range runs[a : b+1] {
			chain.Tokens = append(chain.Tokens, tTokens(r)...)
		}
		out = append(out, chain)
	} else if b == a {
		out = runAtoms(runs[a : a+1])
	}
	if a > 0 {
		out = append(out, edgeAtoms(runs[0])...)
	}
	if b < len(runs)-1 {
		out = append(out, edgeAtoms(runs[len(runs)-1])...)
	}
	if len(out) == 0 { // e.g. "1 2": nothing exact to look up; whole runs at least
		out = runAtoms(runs)
	}
	return out
}

// Lossy reports whether the term's atoms match a superset of it, so hits
// need the Matches check.
func (t Term) Lossy() bool {
	for _, a := range t.alts() {
		runs := Runs(a.Text)
		if len(runs) > 1 && (!chainEdge(runs[0]) || !chainEdge(runs[len(runs)-1])) {
			return true
		}
	}
	return false
}

// alts is the term and its OR alternatives, each on its own.
func (t Term) alts() []Term {
	out := []Term{{Text: t.Text, Phrase: t.Phrase, Exclude: t.Exclude}}
	return append(out, t.Or...)
}

// NeedsCheck reports whether index hits must be re-checked with Matches.
func (q Query) NeedsCheck() bool {
	for _, t := range append(q.Must[:len(q.Must):len(q.Must)], q.Not...) {
		if t.Lossy() {
			return true
		}
	}
	return false
}

func chainEdge(r Run) bool { return r.Class == word || (r.Class == cjk && len(r.Text) > 1) }

// tTokens is a run's tokens in stream T.
func tTokens(r Run) []string {
	switch {
	case r.Class == cjk && len(r.Text) == 1:
		return []string{string(r.Text)}
	case r.Class == cjk:
		out := make([]string, 0, len(r.Text)-1)
		for i := 0; i+1 < len(r.Text); i++ {
			out = append(out, string(r.Text[i:i+2]))
		}
		return out
	case r.Class == digit:
		return []string{string(r.Text[:min(len(r.Text), maxDigitRunes)])}
	}
	return []string{string(r.Text[:min(len(r.Text), maxWordRunes)])}
}

// runAtoms looks each run up on its own, as a substring (CJK, digits) or a
// whole word.
func runAtoms(runs []Run) []Atom {
	var out []Atom
	for _, r := range runs {
		switch {
		case r.Class == cjk && len(r.Text) == 1:
			out = append(out, Atom{G: true, Tokens: []string{string(r.Text)}})
		case r.Class == digit && len(r.Text) > 1:
			out = append(out, Atom{G: true, Tokens: digitGrams(r.Text[:min(len(r.Text), maxDigitRunes)])})
		default:
			out = append(out, Atom{Tokens: tTokens(r)})
		}
	}
	return out
}

// edgeAtoms is a superset lookup for an edge run left out of the chain:
// a single digit has none (it may begin or end any digit run).
func edgeAtoms(r Run) []Atom {
	if r.Class == digit && len(r.Text) == 1 {
		return nil
	}
	return runAtoms([]Run{r})
}

// Highlights lists the normalized strings a snippet should mark.
func (q Query) Highlights() []string {
	var out []string
	for _, t := range q.Must {
		for _, a := range t.alts() {
			for _, r := range Runs(a.Text) {
				out = append(out, string(r.Text))
			}
		}
	}
	return out
}

// FTS5 renders the query as an FTS5 MATCH expression over columns t and g.
// Tokens hold only letters, digits and CJK, so quoting them is safe.
func (q Query) FTS5() string {
	one := func(t Term) string {
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
	term := func(t Term) string { return orJoin(t, one, " OR ") }
	var must []string
	for _, t := range q.Must {
		must = append(must, term(t))
	}
	out := strings.Join(must, " AND ")
	for _, t := range q.Not {
		if !t.Lossy() { // a superset would exclude too much: Matches excludes it
			out += " NOT " + term(t)
		}
	}
	return out
}

// TSQuery renders the query as a PostgreSQL tsquery literal (cast with
// ::tsquery; no parser runs on it).
func (q Query) TSQuery() string {
	one := func(t Term) string {
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
	term := func(t Term) string { return orJoin(t, one, " | ") }
	var must []string
	for _, t := range q.Must {
		must = append(must, term(t))
	}
	out := strings.Join(must, " & ")
	for _, t := range q.Not {
		if !t.Lossy() {
			out += " & !" + term(t)
		}
	}
	return out
}

// Matches reports whether text satisfies the query exactly: a one-run
// term is a substring (CJK, digit runs of two or more) or a whole word or
// number; a several-run term needs its runs adjacent (see Atoms). The store
// re-checks Lossy queries' hits with it; the snippet check uses it.
func (q Query) Matches(text string) bool {
	doc := Runs(Normalize(text))
	for _, t := range q.Must {
		if !t.matches(doc) {
			return false
		}
	}
	for _, t := range q.Not {
		if t.matches(doc) {
			return false
		}
	}
	return true
}

// orJoin renders a term and its alternatives, each by one, joined by op.
func orJoin(t Term, one func(Term) string, op string) string {
	if len(t.Or) == 0 {
		return one(t)
	}
	var parts []string
	for _, a := range t.alts() {
		parts = append(parts, one(a))
	}
	return "(" + strings.Join(parts, op) + ")"
}

func (t Term) matches(doc []Run) bool {
	for _, a := range t.alts() {
		if a.matchesOne(doc) {
			return true
		}
	}
	return false
}

func (t Term) matchesOne(doc []Run) bool {
	runs := Runs(t.Text)
	k := len(runs)
	for i := 0; i+k <= len(doc); i++ {
		ok := true
		for j, r := range runs {
			d := doc[i+j]
			if !sameRun(d, r, j == 0 && k > 1, j == k-1 && k > 1, k == 1) {
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

// sameRun compares a doc run with a term run: whole, or for CJK and digits
// ending with it (first run of several), beginning with it (last run) or
// containing it (a term of one run; single digits stay whole).
func sameRun(d, r Run, first, last, only bool) bool {
	if d.Class != r.Class {
		return false
	}
	dt, rt := string(truncRun(d)), string(truncRun(r))
	if r.Class == word || (only && r.Class == digit && len(r.Text) == 1) {
		return dt == rt
	}
	switch {
	case only:
		return strings.Contains(dt, rt)
	case first:
		return strings.HasSuffix(dt, rt)
	case last:
		return strings.HasPrefix(dt, rt)
	}
	return dt == rt
}

// truncRun applies the index's length bounds to a word or digit run.
func truncRun(r Run) []rune {
	switch r.Class {
	case word:
		return r.Text[:min(len(r.Text), maxWordRunes)]
	case digit:
		return r.Text[:min(len(r.Text), maxDigitRunes)]
	}
	return r.Text
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

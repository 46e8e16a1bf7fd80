// Package textindex is the one tokenizer behind both stores' full-text
// indexes. It is a leaf package (no internal imports) so the store can index
// a message inside the transaction that writes it.
//
// A document becomes two token streams:
//   - T: Latin words, whole digit runs, CJK bigrams of each CJK run (a run of
//     one character gives that character), in text order;
//   - G: CJK unigrams; for each digit run its bigrams, then its 4-grams
//     (a run shorter than four digits ends with the marker DigitEnd instead).
//
// A Chinese term of two or more characters is the phrase of its bigrams in T,
// which matches exactly where the term occurs inside a longer run; a single
// character is a G token. A digit fragment (part of a phone number) of two
// or three digits is the phrase of its bigrams in G, one of four or more the
// phrase of its 4-grams: phone numbers repeat every digit pair, so a phrase
// of bigrams walked most of the index to find a rare number, while 4-grams
// are rare themselves. Trigram indexes miss two-character words; this does
// not.
package textindex

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Bounds keep one pathological message from bloating the index.
const (
	maxWordRunes  = 64
	maxDigitRunes = 32
	maxTokens     = 16000 // PostgreSQL tsvector positions stop at 16383
)

type class uint8

const (
	sep class = iota
	cjk
	digit
	word
)

func classOf(r rune) class {
	switch { // the common cases first: ASCII and the main CJK block
	case r < utf8.RuneSelf:
		switch {
		case r >= '0' && r <= '9':
			return digit
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			return word
		}
		return sep
	case r >= 0x4E00 && r <= 0x9FFF:
		return cjk
	}
	switch {
	case r >= '0' && r <= '9':
		return digit
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		return cjk
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		return word
	}
	return sep
}

// Normalize folds full-width to half-width (NFKC) and lower-cases, so
// "ＡＢＣ１２３" and "abc123" index alike.
func Normalize(s string) string {
	if out, ok := fastFold(s); ok {
		return out
	}
	return strings.ToLower(norm.NFKC.String(s))
}

// fastFold is Normalize for text made only of runes whose NFKC form and
// lower case are known without tables (ASCII, the main CJK blocks, full-width
// ASCII, common CJK punctuation), which is nearly every archived message;
// it reports false for anything else. TestFastFold checks it against the
// full path for every rune it accepts.
func fastFold(s string) (string, bool) {
	change := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			change = change || (r >= 'A' && r <= 'Z')
		case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r == 0x3001, r == 0x3002,
			r >= 0x300C && r <= 0x300F, r == 0x2018, r == 0x2019, r == 0x201C, r == 0x201D:
		case r >= 0xFF01 && r <= 0xFF5E, r == 0x3000:
			change = true
		default:
			return "", false
		}
	}
	if !change {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r+'a'-'A'))
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
		case r == 0x3000:
			b = append(b, ' ')
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b), true
}

// Run is a maximal stretch of one character class.
type Run struct {
	Class class
	Text  []rune
	Start int // byte offset in the normalized text
}

// IsCJK, IsDigit and IsWord name a run's class.
func (r Run) IsCJK() bool   { return r.Class == cjk }
func (r Run) IsDigit() bool { return r.Class == digit }

// Runs splits normalized text into runs, dropping separators.
func Runs(norm string) []Run {
	var out []Run
	cur := Run{Class: sep}
	for i, r := range norm {
		c := classOf(r)
		if c != cur.Class {
			if cur.Class != sep {
				out = append(out, cur)
			}
			cur = Run{Class: c, Start: i}
		}
		if c != sep {
			cur.Text = append(cur.Text, r)
		}
	}
	if cur.Class != sep {
		out = append(out, cur)
	}
	return out
}

// Doc is a tokenized document. P holds the message's parties (sender,
// recipients, room) whole: the store indexes them beside the text so an
// employee or contact filter is an index lookup, not a scan of every hit.
type Doc struct {
	T, G []string
	P    []string
}

// Tokenize normalizes and tokenizes one document. Tokens are substrings of
// the normalized text (no copies): indexing runs once per archived message.
func Tokenize(text string) Doc {
	norm := Normalize(text)
	d := Doc{T: make([]string, 0, len(norm)/3+4), G: make([]string, 0, len(norm)/3+4)}
	var offs []int // byte offsets of the current run's runes, plus its end
	cur := sep
	flush := func(end int) {
		if cur == sep || len(offs) == 0 || len(d.T)+len(d.G) >= maxTokens {
			offs, cur = offs[:0], sep
			return
		}
		offs = append(offs, end)
		n := len(offs) - 1 // runes in the run
		switch cur {
		case cjk:
			if n == 1 {
				d.T = append(d.T, norm[offs[0]:end])
			}
			for i := 0; i < n; i++ {
				d.G = append(d.G, norm[offs[i]:offs[i+1]])
				if i+1 < n {
					d.T = append(d.T, norm[offs[i]:offs[i+2]])
				}
			}
		case digit: // ASCII: one byte a rune
			k := min(n, maxDigitRunes)
			run := norm[offs[0]:offs[k]]
			d.T = append(d.T, run)
			d.G = appendDigitGrams(d.G, run)
		case word:
			d.T = append(d.T, norm[offs[0]:offs[min(n, maxWordRunes)]])
		}
		offs, cur = offs[:0], sep
	}
	for i, r := range norm {
		c := classOf(r)
		if c != cur {
			flush(i)
			cur = c
		}
		if c != sep {
			offs = append(offs, i)
		}
	}
	flush(len(norm))
	return d
}

// DigitEnd follows the bigrams of a digit run too short for 4-grams, so
// the bigram phrase of a fragment never joins the end of one number to the
// start of the next ("13 38" does not hold "138"). Longer runs are closed
// by their 4-grams. A letter: G holds no other Latin token.
const DigitEnd = "dz"

// digitGramLen is the long digit gram: 10,000 values, so any one of them
// is rare in a corpus of phone numbers.
const digitGramLen = 4

// appendDigitGrams appends a digit run's G tokens (run is ASCII digits):
// its bigrams, then its 4-grams or DigitEnd.
func appendDigitGrams(g []string, run string) []string {
	if len(run) < 2 {
		return g
	}
	for i := 0; i+1 < len(run); i++ {
		g = append(g, run[i:i+2])
	}
	if len(run) < digitGramLen {
		return append(g, DigitEnd)
	}
	for i := 0; i+digitGramLen <= len(run); i++ {
		g = append(g, run[i:i+digitGramLen])
	}
	return g
}

// digitGrams is the G lookup of a digit fragment of two or more digits:
// the phrase of its 4-grams, or of its bigrams when shorter.
func digitGrams(t []rune) []string {
	n := 2
	if len(t) >= digitGramLen {
		n = digitGramLen
	}
	out := make([]string, 0, len(t)-n+1)
	for i := 0; i+n <= len(t); i++ {
		out = append(out, string(t[i:i+n]))
	}
	return out
}

// FTS5 renders the document as the columns of the SQLite FTS5 table
// (space-joined tokens, read by its unicode61 tokenizer).
func (d Doc) FTS5() (t, g, p string) {
	return strings.Join(d.T, " "), strings.Join(d.G, " "), strings.Join(d.P, " ")
}

// PartyPrefix marks party lexemes in PostgreSQL's tsvector so a userid
// never meets a word of the text.
const PartyPrefix = "@"

// gPrefix marks G tokens in PostgreSQL's single tsvector so a digit bigram
// "13" never meets the two-digit number "13".
const gPrefix = "~"

// TSVector renders the document as a PostgreSQL tsvector literal with
// positions (T first, then G after a gap), cast with ::tsvector. No parser
// runs on it, so the lexemes are exactly our tokens.
func (d Doc) TSVector() string {
	type lp struct {
		lex string
		pos int
	}
	all := make([]lp, 0, len(d.T)+len(d.G))
	for i, t := range d.T {
		all = append(all, lp{t, min(i+1, 16383)})
	}
	for i, g := range d.G {
		all = append(all, lp{gPrefix + g, min(len(d.T)+2+i, 16383)})
	}
	for _, p := range d.P {
		all = append(all, lp{PartyPrefix + p, 16383})
	}
	// Group a lexeme's positions: stable sort keeps them ascending.
	slices.SortStableFunc(all, func(a, b lp) int { return strings.Compare(a.lex, b.lex) })
	var b strings.Builder
	b.Grow(len(all) * 10)
	n := 0
	for i, x := range all {
		if i > 0 && x.lex == all[i-1].lex {
			if n == 255 { // stay under tsvector's 256 positions per lexeme
				continue
			}
			b.WriteByte(',')
		} else {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(quoteLexeme(x.lex))
			b.WriteByte(':')
			n = 0
		}
		b.WriteString(strconv.Itoa(x.pos))
		n++
	}
	return b.String()
}

func quoteLexeme(s string) string {
	if !strings.ContainsAny(s, `'\`) {
		return "'" + s + "'"
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

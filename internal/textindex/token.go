// Package textindex is the one tokenizer behind both stores' full-text
// indexes. It is a leaf package (no internal imports) so the store can index
// a message inside the transaction that writes it.
//
// A document becomes two token streams:
//   - T: Latin words, whole digit runs, CJK bigrams of each CJK run (a run of
//     one character gives that character), in text order;
//   - G: CJK unigrams and digit bigrams, in text order.
//
// A Chinese term of two or more characters is the phrase of its bigrams in T,
// which matches exactly where the term occurs inside a longer run; a single
// character is a G token; a digit fragment (part of a phone number) is the
// phrase of its digit bigrams in G. Trigram indexes miss two-character words;
// this does not.
package textindex

import (
	"strings"
	"unicode"

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
	return strings.ToLower(norm.NFKC.String(s))
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

// Doc is a tokenized document.
type Doc struct {
	T, G []string
}

// Tokenize normalizes and tokenizes one document.
func Tokenize(text string) Doc {
	var d Doc
	for _, r := range Runs(Normalize(text)) {
		if len(d.T)+len(d.G) >= maxTokens {
			break
		}
		switch r.Class {
		case cjk:
			if len(r.Text) == 1 {
				d.T = append(d.T, string(r.Text))
			}
			for i := range r.Text {
				d.G = append(d.G, string(r.Text[i]))
				if i+1 < len(r.Text) {
					d.T = append(d.T, string(r.Text[i:i+2]))
				}
			}
		case digit:
			t := r.Text[:min(len(r.Text), maxDigitRunes)]
			d.T = append(d.T, string(t))
			d.G = append(d.G, digitBigrams(t)...)
		case word:
			d.T = append(d.T, string(r.Text[:min(len(r.Text), maxWordRunes)]))
		}
	}
	return d
}

func digitBigrams(t []rune) []string {
	if len(t) < 2 {
		return nil
	}
	out := make([]string, 0, len(t)-1)
	for i := 0; i+1 < len(t); i++ {
		out = append(out, string(t[i:i+2]))
	}
	return out
}

// FTS5 renders the document as the two columns of the SQLite FTS5 table
// (space-joined tokens, read by its unicode61 tokenizer).
func (d Doc) FTS5() (t, g string) {
	return strings.Join(d.T, " "), strings.Join(d.G, " ")
}

// gPrefix marks G tokens in PostgreSQL's single tsvector so a digit bigram
// "13" never meets the two-digit number "13".
const gPrefix = "~"

// TSVector renders the document as a PostgreSQL tsvector literal with
// positions (T first, then G after a gap), cast with ::tsvector. No parser
// runs on it, so the lexemes are exactly our tokens.
func (d Doc) TSVector() string {
	pos := map[string][]int{}
	var order []string
	add := func(lex string, p int) {
		if _, ok := pos[lex]; !ok {
			order = append(order, lex)
		}
		pos[lex] = append(pos[lex], min(p, 16383))
	}
	for i, t := range d.T {
		add(t, i+1)
	}
	for i, g := range d.G {
		add(gPrefix+g, len(d.T)+2+i)
	}
	var b strings.Builder
	for i, lex := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(lex))
		b.WriteByte(':')
		for j, p := range pos[lex] {
			if j == 255 { // tsvector keeps at most 256 positions per lexeme
				break
			}
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(itoa(p))
		}
	}
	return b.String()
}

func quoteLexeme(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func itoa(n int) string {
	var buf [8]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}

package textindex

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestTokenize(t *testing.T) {
	t.Parallel()
	d := Tokenize("不良反应 ＡＢＣ １３８0013 药 12")
	wantT := []string{"不良", "良反", "反应", "abc", "1380013", "药", "12"}
	if !slices.Equal(d.T, wantT) {
		t.Fatalf("T = %q, want %q", d.T, wantT)
	}
	wantG := []string{"不", "良", "反", "应", "13", "38", "80", "00", "01", "13", "1380", "3800", "8001", "0013", "药", "12", DigitEnd}
	if !slices.Equal(d.G, wantG) {
		t.Fatalf("G = %q, want %q", d.G, wantG)
	}
	if tv := d.TSVector(); !strings.Contains(tv, "'不良':1") || !strings.Contains(tv, "'~13':") {
		t.Fatalf("tsvector %s", tv)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, fts, tsq string
		err          bool
	}{
		{in: `不良反应 "adverse event" -会议`,
			fts: `(t:"不良 良反 反应") AND (t:"adverse event") NOT (t:"会议")`,
			tsq: `(('不良' <-> '良反' <-> '反应')) & (('adverse' <-> 'event')) & !(('会议'))`},
		{in: `"iPhone手机" ABC不良反应`, fts: `(t:"iphone 手机") AND (t:"abc 不良 良反 反应")`,
			tsq: `(('iphone' <-> '手机')) & (('abc' <-> '不良' <-> '良反' <-> '反应'))`},
		{in: `"手 iPhone 5" -"药abc"`, fts: `(t:"iphone" AND g:"手")`, tsq: `(('iphone') & ('~手'))`},
		{in: "药 0013", fts: `(g:"药") AND (g:"0013")`, tsq: `(('~药')) & (('~0013'))`},
		{in: "138 55667", fts: `(g:"13 38") AND (g:"5566 5667")`, tsq: `(('~13' <-> '~38')) & (('~5566' <-> '~5667'))`},
		{in: "“不良”", fts: `(t:"不良")`, tsq: `(('不良'))`},
		{in: "超说明书 OR 不良反应", fts: `((t:"超说 说明 明书") OR (t:"不良 良反 反应"))`,
			tsq: `((('超说' <-> '说明' <-> '明书')) | (('不良' <-> '良反' <-> '反应')))`},
		{in: "ADR | SAE 会议", fts: `((t:"adr") OR (t:"sae")) AND (t:"会议")`, tsq: `((('adr')) | (('sae'))) & (('会议'))`},
		{in: "a OR b OR c", fts: `((t:"a") OR (t:"b") OR (t:"c"))`, tsq: `((('a')) | (('b')) | (('c')))`},
		{in: "cats or dogs", fts: `(t:"cats") AND (t:"or") AND (t:"dogs")`, tsq: `(('cats')) & (('or')) & (('dogs'))`},
		{in: "红包 AND 转账", fts: `(t:"红包") AND (t:"转账")`, tsq: `(('红包')) & (('转账'))`},
		{in: "ADR(严重)", fts: `(t:"adr 严重")`, tsq: `(('adr' <-> '严重'))`},
		{in: "-会议", err: true},
		{in: ` "" ,,, `, err: true},
		{in: "OR 不良反应", err: true},
		{in: "不良反应 OR", err: true},
		{in: "不良反应 OR -会议", err: true},
		{in: "(不良反应 OR 超说明书) 会议", err: true},
		{in: "不良反应 NOT 会议", err: true},
	}
	for _, tc := range tests {
		q, err := Parse(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("Parse(%q): want error", tc.in)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got := q.FTS5(); got != tc.fts {
			t.Errorf("FTS5(%q) = %s, want %s", tc.in, got, tc.fts)
		}
		if got := q.TSQuery(); got != tc.tsq {
			t.Errorf("TSQuery(%q) = %s, want %s", tc.in, got, tc.tsq)
		}
	}
}

// TestParseUnsupported: an operator the language lacks is named, never
// searched for as a word (which would silently find nothing).
func TestParseUnsupported(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"OR 不良反应", "a OR", "a OR OR b", "(a b)", "a NOT b", "a OR -b"} {
		if _, err := Parse(in); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Parse(%q) = %v, want ErrUnsupported", in, err)
		}
	}
}

func TestMatchesOr(t *testing.T) {
	t.Parallel()
	q, err := Parse("超说明书 OR 不良反应 会议")
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"会议上说了超说明书用法": true, "会议后出现不良反应": true, "不良反应": false, "会议": false,
	} {
		if got := q.Matches(text); got != want {
			t.Errorf("Matches(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestMatchesSubstrings(t *testing.T) {
	t.Parallel()
	text := "王医生您好，关于药物不良反应的报告请回电13800138000。Meeting at 3pm"
	for _, q := range []string{"药", "不良", "物不良反", "0013", "138", "meeting", "ＭＥＥＴＩＮＧ", "不良 -会议"} {
		pq, err := Parse(q)
		if err != nil || !pq.Matches(text) {
			t.Errorf("%q should match (%v)", q, err)
		}
	}
	for _, q := range []string{"会议", "meet", "不良 -报告", "良药"} {
		pq, _ := Parse(q)
		if pq.Matches(text) {
			t.Errorf("%q should not match", q)
		}
	}
}

// TestPhraseAdjacency: runs of a several-run term must be adjacent; the
// first may end a longer run and the last begin one.
func TestPhraseAdjacency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q, text string
		want    bool
	}{
		{`"iPhone手机"`, "新款iPhone手机壳", true},
		{`"iPhone手机"`, "iPhone 手机", true},
		{`"iPhone手机"`, "iPhone的新手机", false},
		{`"iPhone手机"`, "手机和iPhone", false},
		{`iPhone手机`, "iPhone的手机", false},
		{`"ABC不良反应"`, "报告ABC不良反应三例", true},
		{`"ABC不良反应"`, "ABC药物不良反应", false},
		{`"不良反应ABC"`, "药物不良反应ABC", true},
		{`"adverse event"`, "adverse drug event", false},
		{`"adverse event"`, "an adverse event", true},
		{`"电话138"`, "电话13800138000", true},
		{`"电话138"`, "电话 9138", false},
		{`"手iPhone"`, "新手iPhone", true},
		{`"手iPhone"`, "手机iPhone", false},
		{`"PD-1抑制剂"`, "ＰＤ－１抑制剂", true},
		{`"PD-1抑制剂"`, "PD-12抑制剂", false},
		{`iPhone -"手 iPhone"`, "手iPhone", false},
		{`iPhone -"手 iPhone"`, "手机 iPhone", true},
	}
	for _, tc := range tests {
		q, err := Parse(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Matches(tc.text); got != tc.want {
			t.Errorf("%s in %q: %v, want %v", tc.q, tc.text, got, tc.want)
		}
	}
	for q, lossy := range map[string]bool{`"iPhone手机"`: false, `"手iPhone"`: true, `"电话138"`: true, `"ABC不良反应"`: false, "药": false} {
		pq, _ := Parse(q)
		if pq.NeedsCheck() != lossy {
			t.Errorf("%s: NeedsCheck %v, want %v", q, !lossy, lossy)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`不良反应 "adverse event" -会议`, `"`, `-`, `--"a`, `“不良`, "１３８", `a"b"c -"d e"`, "a OR b | c", "OR", "(a OR b)", "ａ ＯＲ ｂ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		for _, out := range []string{q.FTS5(), q.TSQuery()} {
			if out == "" {
				t.Fatalf("empty rendering for %q", s)
			}
		}
		_ = q.Matches(s)
		if len(q.Must) == 0 {
			t.Fatal("parsed query without a must term")
		}
	})
}

// reference is the plain Runs-based tokenizer Tokenize must agree with.
func reference(text string) Doc {
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
			for i := 0; i+1 < len(t); i++ {
				d.G = append(d.G, string(t[i:i+2]))
			}
			for i := 0; i+4 <= len(t); i++ {
				d.G = append(d.G, string(t[i:i+4]))
			}
			if len(t) == 2 || len(t) == 3 {
				d.G = append(d.G, DigitEnd)
			}
		case word:
			d.T = append(d.T, string(r.Text[:min(len(r.Text), maxWordRunes)]))
		}
	}
	return d
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"不良反应 ＡＢＣ １３８0013 药", "a", "", "é̃x９９", strings.Repeat("1", 40), strings.Repeat("长", 3) + "ｘ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Tokenize(s), reference(s)
		if !slices.Equal(got.T, want.T) || !slices.Equal(got.G, want.G) {
			t.Fatalf("Tokenize(%q) = %q %q, reference %q %q", s, got.T, got.G, want.T, want.G)
		}
	})
}

// TestFastFold: the fast path agrees with NFKC + lower case for every rune
// it accepts, alone and beside others.
func TestFastFold(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= 0xFFFF; r++ {
		s := string(r) + "Ａa" + string(r)
		got, ok := fastFold(s)
		if !ok {
			continue
		}
		if want := strings.ToLower(norm.NFKC.String(s)); got != want {
			t.Fatalf("U+%04X: fast %q, full %q", r, got, want)
		}
	}
	if _, ok := fastFold("é"); ok {
		t.Fatal("fast path took a rune it does not know")
	}
}

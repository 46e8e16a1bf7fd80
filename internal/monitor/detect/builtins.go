package detect

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Built-in detectors: shapes that are structure, not vocabulary (check
// digits, phone and address forms, names). Rules use them as "@name".
const (
	bResidentID = iota
	bMobile
	bAddress
	bRecord
	bBed
	bAgeSex
	bName
	bProduct
	bCatalogTerm
	bIndication
	bBareAmount
	bCondition
	nBuiltins
)

var builtinNames = [nBuiltins]string{"@resident_id", "@mobile", "@address", "@record_no", "@bed", "@age_sex", "@name", "@product", "@catalog_term", "@indication", "@bare_amount", "@condition"}

var builtinIDs = func() map[string]int {
	m := map[string]int{}
	for i, n := range builtinNames {
		m[n] = i
	}
	return m
}()

func isBuiltin(name string) bool { _, ok := builtinIDs[name]; return ok }

// builtins holds the patterns compiled once at New. Each pattern has
// literal pre-checks ("need": one of them must occur) so most messages
// never run a regexp.
type builtins struct {
	address []prx
	ageSex  []prx
	bed     []prx
	record  *regexp.Regexp
}

type prx struct {
	re   *regexp.Regexp
	need []string
}

const cnNum = `[0-9零〇一二两三四五六七八九十百]`

func newBuiltins() *builtins {
	p := func(re string, need ...string) prx { return prx{regexp.MustCompile(re), need} }
	return &builtins{
		address: []prx{
			p(`\p{Han}{1,12}(路|街|大道|道|巷|胡同|里|村|弄)\s*\d+\s*(号|弄)`, "号", "弄"),
			p(`\d+\s*(栋|幢|号楼)\s*\d*\s*(单元)?\s*\d{3,4}`, "栋", "幢", "号楼"),
			p(`\d+\s*单元\s*\d{3,4}`, "单元"),
			p(`\d+\s+[a-z]+\s+(rd|road|st|street|ave|avenue|lane|ln|blvd)\b`, "rd", "road", "st", "ave", "lane", "ln", "blvd"),
			p(`\b(apt|room|flat|unit)\.?\s*\d{3,4}\b`, "apt", "room", "flat", "unit"),
		},
		ageSex: []prx{
			p(cnNum+`+\s*多?\s*岁`, "岁"),
			p(`\b\d{1,3}\s*(m|f)\b`, "m", "f"),
			p(`(男|女)\s*[,:、]?\s*\d{1,3}`, "男", "女"),
			p(`\b\d{1,3}[- ]?(year|yr)s?[- ]old`, "old"),
			p(`\b\d{1,3}\s*yo\b`, "yo"),
		},
		bed: []prx{
			p(cnNum+`+\s*号?床`, "床"),
			p(`\bbed\s*(no\.?|number|#)?\s*\d+`, "bed"),
		},
		record: regexp.MustCompile(`^[\s:：(（#是为号.]{0,4}([a-z]{0,4}[-_]?\d[\d-]{4,}[a-z0-9]*)`),
	}
}

// byteToRune maps byte offsets of str to rune offsets.
func byteToRune(str string) []int {
	idx := make([]int, len(str)+1)
	r := -1
	for b := 0; b < len(str); b++ {
		if utf8.RuneStart(str[b]) {
			r++
		}
		idx[b] = r
	}
	idx[len(str)] = r + 1
	return idx
}

func (s *scan) regexMatches(res []prx, id int) []match {
	if s.str == "" {
		s.str = string(s.text)
	}
	str := s.str
	var idx []int
	var out []match
	for _, re := range res {
		need := len(re.need) == 0
		for _, n := range re.need {
			if strings.Contains(str, n) {
				need = true
				break
			}
		}
		if !need {
			continue
		}
		for _, loc := range re.re.FindAllStringIndex(str, -1) {
			if idx == nil {
				idx = byteToRune(str)
			}
			out = append(out, match{lex: -1 - id, term: -1, start: idx[loc[0]], end: idx[loc[1]]})
		}
	}
	return out
}

func (s *scan) builtin(b int) []match {
	switch b {
	case bResidentID:
		return s.residentIDs()
	case bMobile:
		return s.mobiles()
	case bAddress:
		if !s.hasRune(isDigit) {
			return nil // every address form has a house number
		}
		return s.regexMatches(s.d.builtins.address, bAddress)
	case bRecord:
		return s.records()
	case bBed:
		if !s.hasRune(func(r rune) bool { return r == '床' || r == 'b' }) {
			return nil
		}
		return s.regexMatches(s.d.builtins.bed, bBed)
	case bAgeSex:
		if !s.hasRune(func(r rune) bool { return isDigit(r) || r == '岁' }) {
			return nil
		}
		return s.regexMatches(s.d.builtins.ageSex, bAgeSex)
	case bName:
		return s.d.names.find(s)
	case bProduct:
		return s.productMatches()
	case bCatalogTerm:
		// Any word of the catalog's uses and contraindications: "哮喘" is
		// not the symptom "喘".
		out := append([]match(nil), s.byLex[s.d.lexRaw]...)
		for _, m := range s.byLex[s.d.lexConcept] {
			if s.d.catalogConcept[s.d.m.terms[m.term].idx] {
				out = append(out, m)
			}
		}
		return out
	case bIndication:
		// Words of approved uses: an acne patient's "长痘", an epilepsy
		// patient's "癫痫" are not events.
		return s.indicationMatches()
	case bBareAmount:
		return s.bareAmounts()
	case bCondition:
		// Disease names: the kind "condition" concepts, the one list both
		// the off-label indication check and the ae diagnosis reading use.
		return s.conditions()
	}
	return nil
}

// hasRune is the cheap pre-check that spares a regexp pass.
func (s *scan) hasRune(f func(rune) bool) bool {
	for _, r := range s.text {
		if f(r) {
			return true
		}
	}
	return false
}

// residentIDs finds 18-character PRC resident ID numbers whose birth date
// is plausible and whose ISO 7064 MOD 11-2 check character is right; order
// and invoice numbers of the same length fail it.
func (s *scan) residentIDs() []match {
	var out []match
	t := s.text
	for i := 0; i < len(t); {
		if !isDigit(t[i]) || (i > 0 && isDigit(t[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		if j-i == 17 && j < len(t) && t[j] == 'x' {
			j++
		}
		if j-i == 18 && (j == len(t) || !isASCIIWord(t[j])) && ValidResidentID(string(t[i:j])) {
			out = append(out, match{lex: -1 - bResidentID, term: -1, start: i, end: j})
		}
		i = j
	}
	return out
}

// ValidResidentID reports whether id (18 characters, digits and a final
// digit or X) has a plausible birth date and a valid MOD 11-2 check digit.
func ValidResidentID(id string) bool {
	if len(id) != 18 {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return false
		}
		sum += int(c-'0') * weights[i]
	}
	check := "10X98765432"[sum%11]
	last := id[17]
	if last == 'x' {
		last = 'X'
	}
	if last != check {
		return false
	}
	year := atoi(id[6:10])
	month := atoi(id[10:12])
	day := atoi(id[12:14])
	return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// mobiles finds PRC mobile numbers (11 digits starting 13–19, spaces or
// hyphens allowed) that are not the speaker's own ("打我手机", "my mobile").
func (s *scan) mobiles() []match {
	var out []match
	t := s.text
	// Speech-to-text writes numbers in words: "一三九零零零零八八六六".
	if s.hasRune(func(r rune) bool { return r == '零' || r == '〇' }) {
		d := make([]rune, len(t))
		for i, r := range t {
			d[i] = r
			if v, ok := cnDigits[r]; ok && r != '两' {
				d[i] = rune('0' + int(v))
			}
		}
		t = d
	}
	for i := 0; i < len(t); i++ {
		if t[i] != '1' || (i > 0 && isDigit(t[i-1])) || i+1 >= len(t) || t[i+1] < '3' || t[i+1] > '9' {
			continue
		}
		n, j := 0, i
		for j < len(t) && n < 11 {
			if isDigit(t[j]) {
				n++
				j++
				continue
			}
			if (t[j] == ' ' || t[j] == '-') && j+1 < len(t) && isDigit(t[j+1]) {
				j++
				continue
			}
			break
		}
		if n != 11 || (j < len(t) && isDigit(t[j])) {
			continue
		}
		m := match{lex: -1 - bMobile, term: -1, start: i, end: j}
		if s.cueBefore(s.d.ownContact, m, 12, isSentenceBreak) || s.ownContactList(m) {
			continue
		}
		out = append(out, m)
		i = j
	}
	return out
}

// records finds medical record, admission and outpatient numbers: a
// record-number word followed by a token with at least five digits.
func (s *scan) records() []match {
	var out []match
	for _, p := range s.byLex[s.d.recordPrefix] {
		rest := string(s.text[p.end:])
		loc := s.d.builtins.record.FindStringSubmatchIndex(rest)
		if loc == nil {
			continue
		}
		end := p.end + utf8.RuneCountInString(rest[:loc[3]])
		out = append(out, match{lex: -1 - bRecord, term: -1, start: p.start, end: end})
	}
	return out
}

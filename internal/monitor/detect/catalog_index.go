package detect

import (
	"regexp"
	"strconv"
	"strings"
)

// productIndex is one catalog product compiled for matching: its names in
// the matcher, its uses and contraindications broken into meaning-bearing
// sub-terms, and the numbers read from its label notes.
type productIndex struct {
	p           *Product
	notApproved []phrase
	contra      []phrase
	notes       []int     // active NoteRules
	elderAge    float64   // label_notes "65岁及以上最大5 mg": age ...
	elderCap    float64   // ... and cap (0: none)
	strengths   []float64 // tablet strengths in mg, from label_notes
	noteDoses   []float64 // every mg dose label_notes names (a fallback unit)
	maxWeeks    float64   // longest course in weeks (0: none)
	maxTablets  float64   // "24小时内最多1片": tablets a day (0: none)
	approved    string    // approved_uses, normalised and joined
	uses        []bool    // concepts that name an approved use
	regimen               // the label's dosing frequency
}

// phrase is a catalog entry ("骨科术后血栓预防") as sub-terms.
type phrase struct {
	index int
	text  string
	subs  []subterm
	// "无糖尿病的慢性肾病": base (慢性肾病) is off-label only where the
	// message negates the qualifier (没有糖尿病, without diabetes).
	qualifier, base []subterm
	// "35岁以上吸烟": the entry holds only from minAge (or up to maxAge).
	minAge, maxAge float64
}

type subterm struct {
	concept bool
	id      int // concept index or raw index
}

var (
	reElder    = regexp.MustCompile(`(\d+)\s*岁\s*(?:及以上|以上|或以上)[^；;。]{0,8}?(?:最大|最多|不超过|至多)\s*(\d+(?:\.\d+)?)\s*mg|(\d+)\s*(?:years?|y)\s*(?:and|or)\s*(?:older|over)[^;.]{0,12}?(?:max(?:imum)?|up to|at most)\s*(\d+(?:\.\d+)?)\s*mg`)
	reStrength = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*mg\s*(?:片|tablet)`)
	reSpec     = regexp.MustCompile(`(?:规格|strengths?)\s*((?:\d+(?:\.\d+)?\s*mg\s*[、,，和及/ ]*)+)`)
	reNum      = regexp.MustCompile(`\d+(?:\.\d+)?`)
	reNoteDose = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*mg`)
	reTablets  = regexp.MustCompile(`(?:最多|不超过|至多)\s*([0-9一二两三])\s*(?:片|粒|吸|喷|揿|袋|贴|支)`)
	reAgeFrom  = regexp.MustCompile(`(\d+)\s*岁\s*(?:及以上|以上|或以上)|(?:over|above|older than)\s*(\d+)`)
	reAgeTo    = regexp.MustCompile(`(\d+)\s*岁\s*(?:以下|以内)|(?:under|below|younger than)\s*(\d+)`)
	reBan      = regexp.MustCompile(`(不可|不能|不得|禁止|切勿|勿|避免|do not|don't|must not|never)\s*([^；;。，,.]+)`)
	reBanSep   = regexp.MustCompile(`\s*(?:、|或者|或|及|和|与|/|\bor\b|\band\b)\s*`)
	reCourse   = regexp.MustCompile(`(?:疗程|course of|for)\s*(\d+)\s*(?:[–\-~至到]\s*(\d+))?\s*(天|日|周|个月|days?|weeks?|months?)`)
	reWeeks    = regexp.MustCompile(`(?:不超过|超过|最长|至多|不得超过|no more than|up to|at most|maximum of)\s*(\d+)\s*(周|个月|天|weeks?|months?|days?)`)
)

func (d *Detector) indexCatalog() {
	rawIDs := map[string]int{}
	d.indication = make([]bool, len(d.concepts))
	d.catalogConcept = make([]bool, len(d.concepts))
	d.conceptTerms = make([][][]rune, len(d.concepts))
	for ci, c := range d.concepts {
		for _, t := range c.Terms {
			r := d.norm.term(t)
			if len(r) > 0 && r[len(r)-1] == '*' {
				r = r[:len(r)-1]
			}
			d.conceptTerms[ci] = append(d.conceptTerms[ci], r)
		}
	}
	for i := range d.catalog.Products {
		p := &d.catalog.Products[i]
		for _, n := range productTerms(p) {
			d.m.add(d.lexProduct, i, n, d.norm.term(n))
		}
		approved := strings.ToLower(string(d.norm.term(strings.Join(p.ApprovedUses, "|"))))
		px := productIndex{p: p, approved: approved, uses: make([]bool, len(d.concepts))}
		for ci, c := range d.concepts {
			if c.Kind != KindPopulation && conceptIn(d, ci, approved) {
				d.indication[ci] = true
				px.uses[ci] = true
			}
		}
		for _, u := range p.ApprovedUses {
			d.indicationWords(u, rawIDs)
		}
		for j, u := range p.NotApprovedUses {
			px.notApproved = append(px.notApproved, d.phrase(j, u, approved, rawIDs, true))
		}
		for j, u := range p.Contraindicated {
			px.contra = append(px.contra, d.phrase(j, u, approved, rawIDs, true))
		}
		notes := string(d.norm.term(p.LabelNotes))
		when := notes + "|" + prohibitions(notes)
		for k, nr := range d.policy.Notes {
			for _, w := range nr.When {
				if strings.Contains(when, string(d.norm.term(w))) {
					px.notes = append(px.notes, k)
					break
				}
			}
		}
		if m := reElder.FindStringSubmatch(notes); m != nil {
			if m[1] != "" {
				px.elderAge, _ = strconv.ParseFloat(m[1], 64)
				px.elderCap, _ = strconv.ParseFloat(m[2], 64)
			} else {
				px.elderAge, _ = strconv.ParseFloat(m[3], 64)
				px.elderCap, _ = strconv.ParseFloat(m[4], 64)
			}
		}
		for _, m := range reStrength.FindAllStringSubmatch(notes, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			px.strengths = append(px.strengths, v)
		}
		for _, m := range reNoteDose.FindAllStringSubmatch(notes, -1) {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil && v > 0 {
				px.noteDoses = append(px.noteDoses, v)
			}
		}
		for _, m := range reSpec.FindAllStringSubmatch(notes, -1) {
			for _, n := range reNum.FindAllString(m[1], -1) {
				v, _ := strconv.ParseFloat(n, 64)
				px.strengths = append(px.strengths, v)
			}
		}
		px.regimen = parseRegimen(notes)
		if m := reTablets.FindStringSubmatch(notes); m != nil {
			if v, _, ok := numberAt([]rune(m[1]), 0); ok {
				px.maxTablets = v
			}
		}
		all := notes + "|" + string(d.norm.term(strings.Join(p.NotApprovedUses, "|")))
		for _, m := range reWeeks.FindAllStringSubmatch(all, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			if v = inWeeks(v, m[2]); v > 0 && (px.maxWeeks == 0 || v < px.maxWeeks) {
				px.maxWeeks = v
			}
		}
		if px.maxWeeks == 0 {
			// No stated cap: the longest course the notes give ("疗程7–10天").
			for _, m := range reCourse.FindAllStringSubmatch(notes, -1) {
				hi := m[2]
				if hi == "" {
					hi = m[1]
				}
				v, _ := strconv.ParseFloat(hi, 64)
				if v = inWeeks(v, m[3]); v > px.maxWeeks {
					px.maxWeeks = v
				}
			}
		}
		for _, ph := range append(append([]phrase{}, px.notApproved...), px.contra...) {
			for _, sub := range append(append(append([]subterm{}, ph.subs...), ph.qualifier...), ph.base...) {
				if sub.concept {
					d.catalogConcept[sub.id] = true
				}
			}
		}
		for ci := range d.concepts {
			if d.indication[ci] {
				d.catalogConcept[ci] = true
			}
		}
		d.products = append(d.products, px)
	}
	d.fuzzy = newFuzzyNames(d)
	d.units = map[rune]bool{'片': true, '粒': true}
	for _, u := range d.policy.Lexicons["offlabel.unit"].ZH {
		if r := d.norm.term(u); len(r) == 1 {
			d.units[r[0]] = true
		}
	}
}

// inWeeks converts v of a unit ("个月", "天", "weeks") to weeks.
func inWeeks(v float64, unit string) float64 {
	switch {
	case strings.HasPrefix(unit, "个月") || strings.HasPrefix(unit, "month"):
		return v * 4.3
	case strings.HasPrefix(unit, "天") || strings.HasPrefix(unit, "日") || strings.HasPrefix(unit, "day"):
		return v / 7
	}
	return v
}

// prohibitions spells out each item of a prohibition list in the notes:
// "不可打开、嚼碎或经鼻饲管给药" also reads "不可嚼碎", "不可经鼻饲管给药";
// "do not open, crush or chew" also "do not crush", "do not chew".
func prohibitions(notes string) string {
	var out []string
	for _, m := range reBan.FindAllStringSubmatch(notes, -1) {
		items := reBanSep.Split(m[2], -1)
		for _, it := range items[1:] {
			if it = strings.TrimSpace(it); it != "" {
				out = append(out, m[1]+it)
			}
		}
	}
	return strings.Join(out, "|")
}

// productTerms: the name, the aliases and the generic name's words.
func productTerms(p *Product) []string {
	out := append([]string{p.Name}, p.Aliases...)
	g := strings.NewReplacer("(", " ", ")", " ", "（", " ", "）", " ").Replace(p.Generic)
	for _, w := range strings.Fields(g) {
		if len([]rune(w)) >= 3 && strings.IndexFunc(w, func(r rune) bool { return isHan(r) || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0 && !strings.ContainsAny(w, "%.") {
			out = append(out, w)
		}
	}
	return out
}

// phrase breaks a catalog entry into concept sub-terms and literal chunks.
// A sub-term is discriminative when it does not also describe an approved
// use ("血栓" in "骨科术后血栓预防" does not, "骨科术后" does).
func (d *Detector) phrase(index int, text, approved string, rawIDs map[string]int, discOnly bool) phrase {
	norm := d.norm.term(text)
	covered := make([]bool, len(norm))
	ph := phrase{index: index, text: text}
	cover := func(tr []rune) bool {
		hit := false
		for i := 0; i+len(tr) <= len(norm); i++ {
			if runesEqual(norm[i:i+len(tr)], tr) {
				for k := i; k < i+len(tr); k++ {
					covered[k] = true
				}
				hit = true
			}
		}
		return hit
	}
	spans := d.conceptSpans(norm)
	for ci, c := range d.concepts {
		found := false
		for _, tr := range d.conceptTerms[ci] {
			if cover(tr) {
				found = true
			}
		}
		if !found || c.Kind == KindPopulation {
			continue
		}
		if discOnly && conceptIn(d, ci, approved) {
			continue
		}
		if subsumed(spans, ci) {
			continue
		}
		ph.subs = append(ph.subs, subterm{concept: true, id: ci})
	}
	for _, sw := range d.policy.Stopwords {
		cover(d.norm.term(sw))
	}
	var chunk []rune
	flush := func() {
		defer func() { chunk = chunk[:0] }()
		c := string(chunk)
		n := len(chunk)
		if n == 0 || (isHan(chunk[0]) && n < 2) || (!isHan(chunk[0]) && (n < 3 || strings.IndexFunc(c, func(r rune) bool { return r >= 'a' && r <= 'z' }) < 0)) {
			return
		}
		if discOnly && strings.Contains(approved, c) {
			return
		}
		add := func(c string) {
			id, ok := rawIDs[c]
			if !ok {
				id = len(d.raws)
				rawIDs[c] = id
				d.raws = append(d.raws, c)
				d.m.add(d.lexRaw, id, c, []rune(c))
			}
			ph.subs = append(ph.subs, subterm{id: id})
		}
		add(c)
		// "骨转移瘤" also as "骨转移": the message drops the last character
		// (瘤, 症, 病, 炎) more often than not.
		if isHan(chunk[0]) && n >= 4 {
			if p := string(chunk[:n-1]); !discOnly || !strings.Contains(approved, p) {
				add(p)
			}
		}
	}
	kind := 0 // 1 han, 2 ascii
	for i, r := range norm {
		k := 0
		switch {
		case covered[i]:
		case isHan(r):
			k = 1
		case isASCIIWord(r):
			k = 2
		}
		if k != kind || k == 0 {
			flush()
		}
		kind = k
		if k != 0 {
			chunk = append(chunk, r)
		}
	}
	flush()
	ph.minAge, ph.maxAge = ageBound(reAgeFrom, string(norm)), ageBound(reAgeTo, string(norm))
	if q, b, ok := splitQualified(text); ok {
		ph.qualifier = d.phrase(index, q, "", rawIDs, false).subs
		ph.base = d.phrase(index, b, "", rawIDs, false).subs
	}
	return ph
}

type conceptSpan struct{ concept, start, end int }

// conceptSpans: where each concept's terms occur in a catalog phrase.
func (d *Detector) conceptSpans(norm []rune) []conceptSpan {
	var out []conceptSpan
	for ci := range d.concepts {
		for _, tr := range d.conceptTerms[ci] {
			for i := 0; i+len(tr) <= len(norm); i++ {
				if len(tr) > 0 && runesEqual(norm[i:i+len(tr)], tr) {
					out = append(out, conceptSpan{ci, i, i + len(tr)})
				}
			}
		}
	}
	return out
}

// subsumed: every occurrence of concept ci lies inside a longer term of
// another concept, so the phrase names that one ("静脉血栓栓塞史" is a
// history of VTE, not any clot; "对本品过敏" stays an allergy).
func subsumed(spans []conceptSpan, ci int) bool {
	seen := false
	for _, a := range spans {
		if a.concept != ci {
			continue
		}
		seen = true
		inside := false
		for _, b := range spans {
			if b.concept != ci && b.start <= a.start && b.end >= a.end && b.end-b.start > a.end-a.start {
				inside = true
				break
			}
		}
		if !inside {
			return false
		}
	}
	return seen
}

// indicationWords adds the literal words of an approved use (and their
// leading parts: "癫痫" of "癫痫部分性发作") as catalog terms, so that an
// indication named in a message is not read as an adverse event.
func (d *Detector) indicationWords(use string, rawIDs map[string]int) {
	for _, sub := range d.phrase(0, use, "", rawIDs, false).subs {
		if sub.concept {
			continue
		}
		r := []rune(d.raws[sub.id])
		for n := 2; n < len(r); n++ {
			c := string(r[:n])
			if _, ok := rawIDs[c]; !ok {
				rawIDs[c] = len(d.raws)
				d.m.add(d.lexRaw, len(d.raws), c, r[:n])
				d.raws = append(d.raws, c)
			}
		}
	}
}

// ageBound reads the age of "35岁以上" / "over 35" (0: none).
func ageBound(re *regexp.Regexp, text string) float64 {
	m := re.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	for _, g := range m[1:] {
		if v, err := strconv.ParseFloat(g, 64); err == nil {
			return v
		}
	}
	return 0
}

// splitQualified splits "无糖尿病的慢性肾病" / "非X的Y" into X and Y.
func splitQualified(text string) (string, string, bool) {
	r := []rune(text)
	if len(r) < 4 || (r[0] != '无' && r[0] != '非') {
		return "", "", false
	}
	for i := 2; i < len(r)-1; i++ {
		if r[i] == '的' {
			return string(r[1:i]), string(r[i+1:]), true
		}
	}
	return "", "", false
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func conceptIn(d *Detector, ci int, approved string) bool {
	for _, t := range d.conceptTerms[ci] {
		if strings.Contains(approved, string(t)) {
			return true
		}
	}
	return false
}

// fuzzyNames catches one-character typos of product names that the catalog
// does not list: a Han name of 3–4 characters with one character changed
// (only when the variant points at a single product) and an ASCII name of
// 6+ letters at edit distance one.
type fuzzyNames struct {
	han   map[[4]rune]int // name with one rune replaced by '?': product, -1 ambiguous
	ascii []asciiName
}

type asciiName struct {
	name    string
	product int
}

func newFuzzyNames(d *Detector) *fuzzyNames {
	f := &fuzzyNames{han: map[[4]rune]int{}}
	for i := range d.catalog.Products {
		for _, n := range productTerms(&d.catalog.Products[i]) {
			r := d.norm.term(n)
			allHan := len(r) >= 3 && len(r) <= 4
			for _, c := range r {
				if !isHan(c) {
					allHan = false
				}
			}
			if allHan {
				for k := range r {
					var key [4]rune
					copy(key[:], r)
					key[k] = '?'
					if p, ok := f.han[key]; ok && p != i {
						f.han[key] = -1
					} else {
						f.han[key] = i
					}
				}
			}
			if len(r) >= 6 && strings.IndexFunc(string(r), func(c rune) bool { return !(c >= 'a' && c <= 'z') }) < 0 {
				f.ascii = append(f.ascii, asciiName{string(r), i})
			}
		}
	}
	return f
}

// editOne reports whether a and b differ by at most one edit.
func editOne(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		return a[i+1:] == b[i+1:] || (i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:])
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// fuzzyEdits: how many edits a Latin name tolerates ("Brezorra",
// "Fungavx"): one from six letters, two from eight.
func fuzzyEdits(name string) int {
	if len(name) >= 8 {
		return 2
	}
	return 1
}

// maxFuzzyName bounds the Latin names editWithin compares.
const maxFuzzyName = 40

// editWithin reports whether a and b are at most k edits apart (insert,
// delete, substitute, swap two neighbours).
func editWithin(a, b string, k int) bool {
	if k <= 1 {
		return editOne(a, b)
	}
	if len(a)-len(b) > k || len(b)-len(a) > k || len(b) >= maxFuzzyName {
		return false
	}
	// Three rows on the stack: this runs for every long word of a message.
	var rows [3][maxFuzzyName + 1]int
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = minInt(minInt(prev[j]+1, cur[j-1]+1), prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = minInt(cur[j], prev2[j-2]+1)
			}
			low = minInt(low, cur[j])
		}
		if low > k {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)] <= k
}

// productMatches: exact catalog names plus fuzzy variants, as builtin matches
// whose term is the product index.
func (s *scan) productMatches() []match {
	var out []match
	covered := make([]bool, len(s.text))
	for _, m := range s.byLex[s.d.lexProduct] {
		out = append(out, match{lex: -1 - bProduct, term: s.d.m.terms[m.term].idx, start: m.start, end: m.end})
		for i := m.start; i < m.end; i++ {
			covered[i] = true
		}
	}
	// Common words that sit one character from a name ("巴基斯坦" and
	// 普斯坦) are never fuzzy matches.
	for _, m := range s.lex("offlabel.not_product") {
		for i := m.start; i < m.end; i++ {
			covered[i] = true
		}
	}
	t := s.text
	f := s.d.fuzzy
	if len(f.han) > 0 {
		for n := 3; n <= 4; n++ {
			for i := 0; i+n <= len(t); i++ {
				if covered[i] || covered[i+n-1] {
					continue
				}
				ok := true
				for k := i; k < i+n; k++ {
					if !isHan(t[k]) {
						ok = false
					}
				}
				if !ok {
					continue
				}
				var v [4]rune
				copy(v[:], t[i:i+n])
				for k := 0; k < n; k++ {
					save := v[k]
					v[k] = '?'
					if p, ok := f.han[v]; ok && p >= 0 {
						out = append(out, match{lex: -1 - bProduct, term: p, start: i, end: i + n})
						for c := i; c < i+n; c++ {
							covered[c] = true
						}
						break
					}
					v[k] = save
				}
			}
		}
	}
	if len(f.ascii) > 0 {
		for i := 0; i < len(t); i++ {
			if !(t[i] >= 'a' && t[i] <= 'z') || (i > 0 && isASCIIWord(t[i-1])) || covered[i] {
				continue
			}
			j := i
			for j < len(t) && t[j] >= 'a' && t[j] <= 'z' {
				j++
			}
			if j-i >= 5 && (j == len(t) || !isASCIIWord(t[j])) {
				w := string(t[i:j])
				for _, a := range f.ascii {
					if editWithin(w, a.name, fuzzyEdits(a.name)) {
						out = append(out, match{lex: -1 - bProduct, term: a.product, start: i, end: j})
						break
					}
				}
			}
			i = j
		}
	}
	return out
}

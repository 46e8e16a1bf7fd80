package detect

import (
	"sort"
	"strconv"
	"strings"
)

// scan is the working state of one Classify call.
type scan struct {
	d     *Detector
	in    Input
	orig  []rune
	text  []rune // normalised, rune for rune with orig
	str   string // string(text), built when a regexp needs it
	all   []match
	byLex [][]match
	built [nBuiltins][]match
	done  [nBuiltins]bool
	hits  []Hit

	ctxProds []int // contextProducts, once worked out
	ctxDone  bool
}

// Long texts (call transcripts) are classified in overlapping windows so
// that the cost stays linear in the length; hits are capped per message.
const (
	windowRunes  = 4096
	windowStride = windowRunes - 256
	maxHits      = 256
)

// Classify labels one message.
func (d *Detector) Classify(in Input) Result {
	orig := []rune(in.Text)
	var hits []Hit
	if d.msgTypes[strings.ToLower(in.MsgType)] {
		hits = append(hits, Hit{Label: LabelBribery, Rule: "bribery.msgtype:" + strings.ToLower(in.MsgType), Start: 0, End: len(orig), Text: in.Text})
	}
	high := false
	for start := 0; ; start += windowStride {
		end := start + windowRunes
		if end > len(orig) {
			end = len(orig)
		}
		s := d.scanWindow(in, orig[start:end])
		for _, h := range s.hits {
			h.Start += start
			h.End += start
			if len(hits) < maxHits && !hasHit(hits, h) {
				hits = append(hits, h)
			}
		}
		high = high || s.serious()
		if end == len(orig) {
			break
		}
	}
	return result(hits, high)
}

func hasHit(hits []Hit, h Hit) bool {
	for _, x := range hits {
		if x.Label == h.Label && x.Start == h.Start && x.End == h.End && x.Rule == h.Rule {
			return true
		}
	}
	return false
}

func (d *Detector) scanWindow(in Input, orig []rune) *scan {
	s := &scan{d: d, in: in, orig: orig}
	s.text = make([]rune, len(orig))
	for i, r := range orig {
		s.text[i] = d.norm.rune(r)
	}
	s.all = d.m.find(s.text, make([]match, 0, 16))
	s.byLex = make([][]match, len(d.lexNames))
	for _, m := range s.all {
		s.byLex[m.lex] = append(s.byLex[m.lex], m)
	}
	for i := range d.rules {
		s.rule(&d.rules[i])
	}
	s.offlabel()
	return s
}

func (s *scan) get(id int) []match {
	if id >= 0 {
		return s.byLex[id]
	}
	b := -1 - id
	if !s.done[b] {
		s.built[b] = s.builtin(b)
		s.done[b] = true
	}
	return s.built[b]
}

func (s *scan) any(ids []int) bool {
	for _, id := range ids {
		if len(s.get(id)) > 0 {
			return true
		}
	}
	return false
}

// rule fires a policy rule: every unblocked anchor match whose requirements hold.
func (s *scan) rule(r *compiledRule) {
	if r.Speaker != "" && s.in.Speaker != "" && r.Speaker != s.in.Speaker {
		return
	}
	if len(r.unless) > 0 && s.any(r.unless) && !s.any(r.override) {
		return
	}
	if len(r.veto) > 0 && s.any(r.veto) {
		return
	}
	fired, n := false, 0
	for _, aid := range r.anchor {
		for _, a := range s.get(aid) {
			if r.Negatable && (s.negated(a) || s.negatedAfter(a)) {
				continue
			}
			if s.masked(r, a) {
				continue
			}
			if r.Hypothetical && s.hypothetical(a) {
				continue
			}
			if r.Label == LabelAE && (s.diagnosisReading(a) || s.intendedEffect(a)) {
				continue
			}
			ev, ok := s.requirements(r, a)
			if !ok {
				continue
			}
			product := ""
			if r.Label == LabelAE {
				product = s.suspectProduct()
			}
			s.hitMatch(r.Label, r.ID, a, product)
			if !fired {
				for _, e := range ev {
					s.hitMatch(r.Label, r.ID, e, product)
				}
			}
			fired = true
			if n++; n >= maxAnchors {
				return
			}
		}
	}
}

// maxAnchors bounds the hits one rule adds for one window.
const maxAnchors = 8

func (s *scan) requirements(r *compiledRule, a match) ([]match, bool) {
	var ev []match
	for ri, alts := range r.require {
		found := false
		for _, id := range alts {
			for _, m := range s.get(id) {
				if r.Negatable && s.negated(m) {
					continue
				}
				if ri == 0 && r.Window > 0 && distance(a, m) > r.Window {
					continue
				}
				if m.start == a.start && m.end == a.end && m.lex == a.lex {
					continue
				}
				ev = append(ev, m)
				found = true
				break
			}
			if found {
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return ev, true
}

// suspectProduct names the product an AE is about: the first one in the
// message, else the nearest earlier message's ("这个药").
func (s *scan) suspectProduct() string {
	ps := s.textProducts()
	if len(ps) == 0 {
		ps = s.contextProducts()
	}
	if len(ps) == 0 {
		return ""
	}
	return s.d.products[ps[0]].p.Name
}

func (s *scan) masked(r *compiledRule, a match) bool {
	for _, id := range r.notBefore {
		if s.onsetBefore(a) {
			break
		}
		for _, m := range s.get(id) {
			if m.start >= a.end && m.start-a.end <= 1 {
				return true
			}
		}
	}
	for _, id := range r.notAfter {
		for _, m := range s.get(id) {
			if m.end <= a.start && a.start-m.end <= notAfterGap && !s.clauseBreakIn(m.end, a.start) {
				return true
			}
		}
	}
	for _, id := range r.mask {
		for _, m := range s.get(id) {
			if m.start < a.end && a.start < m.end {
				return true
			}
		}
	}
	return false
}

// notAfterGap is how many characters may stand between a not_after term
// and the anchor it hides.
const notAfterGap = 4

func (s *scan) clauseBreakIn(from, to int) bool {
	for _, r := range s.text[from:to] {
		if isClauseBreak(r) {
			return true
		}
	}
	return false
}

func distance(a, b match) int {
	switch {
	case b.start >= a.end:
		return b.start - a.end
	case a.start >= b.end:
		return a.start - b.end
	}
	return 0
}

func isClauseBreak(r rune) bool {
	switch r {
	case ',', '.', '!', '?', ';', '\n', '。', ':', '~':
		return true
	}
	return false
}

func isSentenceBreak(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '。':
		return true
	}
	return false
}

// negated: a negation cue ends shortly before m within the same clause.
func (s *scan) negated(m match) bool {
	return s.negatedChain(m, 0)
}

// negatedChain: a negation reaches along a coordinated list of terms of
// one lexicon family ("no nausea or headache", "没有恶心、头晕"), one
// cue.conjunction between each pair, so the window need not grow.
func (s *scan) negatedChain(m match, depth int) bool {
	if s.cueBefore(s.d.negation, m, s.d.policy.Windows.Negation, isClauseBreak) {
		return true
	}
	if depth >= 4 || m.lex < 0 || s.d.conjunction < 0 {
		return false
	}
	fam := lexFamily(s.d.lexNames[m.lex])
	for _, p := range s.all {
		if p.lex < 0 || p.end > m.start || lexFamily(s.d.lexNames[p.lex]) != fam {
			continue
		}
		pe := p.end
		for pe < m.start && isASCIIWord(s.text[pe]) { // the rest of a prefix term's word ("dizz*")
			pe++
		}
		if m.start-pe > 6 {
			continue
		}
		for _, c := range s.byLex[s.d.conjunction] {
			if c.start >= pe && c.end <= m.start && s.blank(pe, c.start) && s.blank(c.end, m.start) {
				if s.negatedChain(p, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// lexFamily: "ae" of "ae.event"; a list may mix the family's lexicons
// ("no rash or vomiting": ae.event, ae.symptom).
func lexFamily(name string) string {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return name
}

// blank: only spaces between from and to.
func (s *scan) blank(from, to int) bool {
	for _, r := range s.text[from:to] {
		if r != ' ' {
			return false
		}
	}
	return true
}

// negatedAfter: a cue right after an event negates it ("血钾正常", "K normal").
func (s *scan) negatedAfter(m match) bool {
	for _, c := range s.byLex[s.d.negAfter] {
		if c.start < m.end || c.start-m.end > s.d.policy.Windows.Negation {
			continue
		}
		blocked := false
		for _, r := range s.text[m.end:c.start] {
			if isClauseBreak(r) {
				blocked = true
				break
			}
		}
		if !blocked {
			return true
		}
	}
	return false
}

// hypothetical: m sits in the scope of a hypothetical cue ("如果", "if")
// and nothing points at a real past case ("像上回那个病人").
func (s *scan) hypothetical(m match) bool {
	if len(s.byLex[s.d.hypoOverride]) > 0 {
		return false
	}
	return s.cueBefore(s.d.hypo, m, s.d.policy.Windows.Hypothetical, isSentenceBreak)
}

func (s *scan) cueBefore(lex int, m match, window int, brk func(rune) bool) bool {
	for _, c := range s.byLex[lex] {
		if c.end > m.start || m.start-c.end > window {
			continue
		}
		if lex == s.d.negation && s.overlaps(s.d.notNegation, c) {
			continue
		}
		blocked := false
		for _, r := range s.text[c.end:m.start] {
			if brk(r) {
				blocked = true
				break
			}
		}
		if !blocked {
			return true
		}
	}
	return false
}

func (s *scan) overlaps(lex int, m match) bool {
	for _, o := range s.byLex[lex] {
		if o.start < m.end && m.start < o.end {
			return true
		}
	}
	return false
}

func (s *scan) ruleName(ruleID string, m match) string {
	switch {
	case m.lex < 0:
		return ruleID + ":" + builtinNames[-1-m.lex]
	case m.lex == s.d.lexProduct || m.lex == s.d.lexConcept || m.lex == s.d.lexRaw || m.lex == s.d.lexNote:
		return ruleID
	}
	t := s.d.m.terms[m.term]
	return ruleID + ":" + s.d.lexNames[m.lex] + "[" + strconv.Itoa(t.idx) + "]"
}

func (s *scan) hitMatch(label, ruleID string, m match, product string) {
	s.hit(label, s.ruleName(ruleID, m), m.start, m.end, product)
}

func (s *scan) hit(label, rule string, start, end int, product string) {
	if start < 0 {
		start = 0
	}
	if end > len(s.orig) {
		end = len(s.orig)
	}
	if start > end {
		start = end
	}
	if len(s.hits) >= maxHits {
		return
	}
	for _, h := range s.hits {
		if h.Label == label && h.Start == start && h.End == end && h.Rule == rule {
			return
		}
	}
	s.hits = append(s.hits, Hit{Label: label, Rule: rule, Start: start, End: end, Text: string(s.orig[start:end]), Product: product})
}

var labelOrder = map[string]int{LabelAE: 0, LabelOffLabel: 1, LabelBribery: 2, LabelPII: 3}

// serious: an AE in this window carries a serious term (death,
// hospitalisation, pregnancy, SAE ...).
func (s *scan) serious() bool {
	if !s.labelled(LabelAE) {
		return false
	}
	for _, m := range s.byLex[s.d.serious] {
		if !s.negated(m) && !s.hypothetical(m) {
			return true
		}
	}
	return false
}

func result(hits []Hit, high bool) Result {
	res := Result{Labels: []string{}, Hits: hits}
	if res.Hits == nil {
		res.Hits = []Hit{}
	}
	sort.SliceStable(res.Hits, func(i, j int) bool {
		a, b := res.Hits[i], res.Hits[j]
		if labelOrder[a.Label] != labelOrder[b.Label] {
			return labelOrder[a.Label] < labelOrder[b.Label]
		}
		return a.Start < b.Start
	})
	var have [4]bool
	for _, h := range res.Hits {
		have[labelOrder[h.Label]] = true
	}
	for i, l := range Labels {
		if have[i] {
			res.Labels = append(res.Labels, l)
		}
	}
	if len(res.Labels) == 0 {
		return res
	}
	res.Severity = SeverityMedium
	if have[0] && high {
		res.Severity = SeverityHigh
	}
	return res
}

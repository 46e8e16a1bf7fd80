package detect

import "strconv"

// Off-label promotion: the rep's message (or an HCP's message revealing
// what the rep said) puts a catalog product outside its label: an
// unapproved use, a population outside the age/sex limits or
// contraindicated, a daily dose above the maximum, or a route, handling or
// duration the label notes exclude. Declining or referring to Medical
// Information is not promotion, unless the rep goes on ("不过私下说…").

type violation struct {
	rule       string
	start, end int
}

func (s *scan) offlabel() {
	d := s.d
	if len(d.products) == 0 {
		return
	}
	if s.in.Speaker == "hcp" {
		if !s.revealed() {
			return
		}
	} else if s.declined() {
		return
	}
	// A rep relaying a case (an AE) is not promoting unless the message
	// also carries a promotion cue.
	if s.in.Speaker != "hcp" && s.labelled(LabelAE) && len(s.byLex[d.promote]) == 0 {
		return
	}
	prods := s.textProducts()
	if len(prods) == 0 {
		prods = s.contextProducts()
	}
	if len(prods) > 0 {
		promoted := false
		for _, pi := range prods {
			for _, v := range s.violations(pi, true) {
				s.hit(LabelOffLabel, v.rule, v.start, v.end, d.products[pi].p.Name)
				promoted = true
			}
		}
		if promoted && s.in.Speaker != "hcp" {
			s.dropCaselessAE()
		}
		return
	}
	// No product named anywhere ("这个药哺乳期也能用"): flag a promoted use
	// that is off-label for most of the catalog.
	if s.in.Speaker == "hcp" || len(s.byLex[d.promote])+len(s.byLex[d.anaphor]) == 0 {
		return
	}
	var first []violation
	n := 0
	for pi := range d.products {
		if v := s.violations(pi, false); len(v) > 0 {
			n++
			if first == nil {
				first = v
			}
		}
	}
	if n*2 > len(d.products) {
		for _, v := range first {
			s.hit(LabelOffLabel, v.rule, v.start, v.end, "")
		}
	}
}

func (s *scan) labelled(label string) bool {
	for _, h := range s.hits {
		if h.Label == label {
			return true
		}
	}
	return false
}

// revealed: the HCP quotes the rep ("你上次说…", "you told me"), not
// "我跟你说" (the HCP telling the rep).
func (s *scan) revealed() bool {
	guard := s.lex("offlabel.not_reveal")
	for _, m := range s.byLex[s.d.reveal] {
		quoted := true
		for _, g := range guard {
			if g.start < m.end && m.start < g.end {
				quoted = false
				break
			}
		}
		if quoted {
			return true
		}
	}
	return false
}

func (s *scan) declined() bool {
	dec := s.byLex[s.d.decline]
	if len(dec) == 0 {
		return false
	}
	for _, o := range s.byLex[s.d.override] {
		if o.start >= dec[0].end {
			return false
		}
	}
	return true
}

func (s *scan) textProducts() []int {
	var out []int
	for _, m := range s.get(-1 - bProduct) {
		if !containsInt(out, m.term) {
			out = append(out, m.term)
		}
	}
	return out
}

// contextProducts: the products named by the nearest earlier message.
// Worked out once per scan, and once per text across calls (contextMemo).
func (s *scan) contextProducts() []int {
	if s.ctxDone {
		return s.ctxProds
	}
	s.ctxDone = true
	for i := len(s.in.Context) - 1; i >= 0; i-- {
		if out := s.d.productsNamed(s.in.Context[i]); len(out) > 0 {
			s.ctxProds = out
			return out
		}
	}
	return nil
}

// productsNamed: the catalog products a text names, by name or alias.
func (d *Detector) productsNamed(text string) []int {
	memo := len(text) <= memoMaxBytes // a long transcript is matched, not kept
	if memo {
		if out, ok := d.ctxMemo.get(text); ok {
			return out
		}
	}
	var out []int
	for _, m := range d.m.find(d.norm.runes(text, nil), nil) {
		if m.lex == d.lexProduct {
			if p := d.m.terms[m.term].idx; !containsInt(out, p) {
				out = append(out, p)
			}
		}
	}
	if memo {
		d.ctxMemo.put(text, out)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (s *scan) violations(pi int, withDose bool) []violation {
	px := &s.d.products[pi]
	var out []violation
	out = s.phraseViolations(out, px.notApproved, "offlabel.not_approved_uses")
	out = s.phraseViolations(out, px.contra, "offlabel.contraindicated")
	out = s.populationViolations(out, px)
	for _, m := range s.byLex[s.d.lexNote] {
		k := s.d.m.terms[m.term].idx
		if containsInt(px.notes, k) && !s.negated(m) {
			out = append(out, violation{"offlabel.label_notes:" + s.d.policy.Notes[k].ID, m.start, m.end})
		}
	}
	if px.maxWeeks > 0 {
		out = s.durationViolations(out, px.maxWeeks)
	}
	if withDose {
		out = s.doseViolations(out, px)
		out = s.regimenViolations(out, px)
		out = s.indicationViolations(out, px)
	}
	return out
}

func (s *scan) phraseViolations(out []violation, phrases []phrase, rule string) []violation {
	for _, ph := range phrases {
		if !s.agesFit(ph) {
			continue
		}
		if len(ph.qualifier) > 0 && len(ph.base) > 0 {
			if q, ok := s.subMatch(ph.qualifier, true); ok {
				if b, ok := s.subMatch(ph.base, false); ok {
					out = append(out, violation{rule + "[" + strconv.Itoa(ph.index) + "]", minInt(q.start, b.start), maxInt(q.end, b.end)})
					continue
				}
			}
		}
		for _, sub := range ph.subs {
			lex := s.d.lexRaw
			if sub.concept {
				lex = s.d.lexConcept
			}
			for _, m := range s.byLex[lex] {
				if s.d.m.terms[m.term].idx != sub.id || s.negated(m) {
					continue
				}
				out = append(out, violation{rule + "[" + strconv.Itoa(ph.index) + "]", m.start, m.end})
				break
			}
		}
	}
	return out
}

// subMatch finds a message match of any sub-term, negated or not as asked.
func (s *scan) subMatch(subs []subterm, negated bool) (match, bool) {
	for _, sub := range subs {
		lex := s.d.lexRaw
		if sub.concept {
			lex = s.d.lexConcept
		}
		for _, m := range s.byLex[lex] {
			if s.d.m.terms[m.term].idx == sub.id && s.negated(m) == negated {
				return m, true
			}
		}
	}
	return match{}, false
}

func (s *scan) populationViolations(out []violation, px *productIndex) []violation {
	p := px.p
	ages := s.ages()
	for _, a := range ages {
		if (p.MinAgeYears != nil && a.v < *p.MinAgeYears) || (p.MaxAgeYears != nil && a.v > *p.MaxAgeYears) {
			out = append(out, violation{"offlabel.age", a.start, a.end})
		}
	}
	for _, m := range s.byLex[s.d.lexConcept] {
		c := &s.d.concepts[s.d.m.terms[m.term].idx]
		if c.Kind != "population" || s.negated(m) {
			continue
		}
		if c.Sex != "" && p.Sex != "" && p.Sex != "any" && p.Sex != c.Sex {
			out = append(out, violation{"offlabel.sex", m.start, m.end})
		}
		if len(ages) == 0 && (c.MinAge != nil || c.MaxAge != nil) {
			lo, hi := 0.0, 200.0
			if c.MinAge != nil {
				lo = *c.MinAge
			}
			if c.MaxAge != nil {
				hi = *c.MaxAge
			}
			if (p.MinAgeYears != nil && hi < *p.MinAgeYears) || (p.MaxAgeYears != nil && lo > *p.MaxAgeYears) {
				out = append(out, violation{"offlabel.age", m.start, m.end})
			}
		}
	}
	return out
}

type num struct {
	v          float64
	start, end int
}

// ages: "12岁", "两岁", "a 32-year-old", "9yo".
func (s *scan) ages() []num {
	var out []num
	for _, m := range s.get(-1 - bAgeSex) {
		t := s.text[m.start:m.end]
		last := t[len(t)-1]
		if last != '岁' && last != 'd' && last != 'o' { // 岁, -old, yo
			continue
		}
		for i := range t {
			if v, _, ok := numberAt(t, i); ok {
				if v > 0 && v < 120 {
					out = append(out, num{v, m.start, m.end})
				}
				break
			}
		}
	}
	return out
}

// doseViolations computes the daily dose from the message: a dose in mg,
// times the frequency ("每天两次", "bid"), or tablets a day times the tablet
// strength (from the message, else the label notes).
func (s *scan) doseViolations(out []violation, px *productIndex) []violation {
	if px.p.MaxDailyDoseMg == nil {
		return out
	}
	limit := *px.p.MaxDailyDoseMg
	if px.elderCap > 0 && s.elderly(px.elderAge) && px.elderCap < limit {
		limit = px.elderCap
	}
	doses := s.doses()
	freq := s.frequency()
	// The frequency multiplies the dose nearest to it: "100mg一天两次，或者
	// 200mg一天一次" gives two regimens of 200 mg, not 400.
	near, best := num{}, -1
	for _, dz := range doses {
		if dz.v > limit && !s.negatedSpan(dz.start) {
			out = append(out, violation{"offlabel.max_daily_dose", dz.start, dz.end})
		}
		gap := freq.start - dz.end
		if dz.start >= freq.end {
			gap = dz.start - freq.end
		}
		if gap < 0 {
			gap = 0
		}
		if best < 0 || gap < best {
			near, best = dz, gap
		}
	}
	if freq.v > 1 && near.v*freq.v > limit && near.v <= limit {
		out = append(out, violation{"offlabel.max_daily_dose", minInt(freq.start, near.start), maxInt(freq.end, near.end)})
	}
	tabs := s.tabletsPerDay()
	if per := s.tabletsPerDose(); per.v > 0 && per.v*freq.v > tabs.v {
		tabs = num{per.v * freq.v, per.start, per.end}
	}
	if px.maxTablets > 0 && tabs.v > px.maxTablets {
		out = append(out, violation{"offlabel.max_daily_dose", tabs.start, tabs.end})
	}
	if tabs.v > 0 {
		strength := s.strength()
		if strength == 0 {
			strengths := px.strengths
			if len(strengths) == 0 {
				// No tablet strength in the label: the smallest dose the
				// notes name is the unit ("25 mg qd": one 25 mg tablet).
				strengths = px.noteDoses
			}
			for _, st := range strengths {
				if strength == 0 || st < strength {
					strength = st
				}
			}
		}
		if strength > 0 && tabs.v*strength > limit {
			out = append(out, violation{"offlabel.max_daily_dose", tabs.start, tabs.end})
		}
	}
	return out
}

func (s *scan) negatedSpan(start int) bool {
	return s.negated(match{lex: -1, start: start, end: start})
}

func (s *scan) elderly(age float64) bool {
	for _, a := range s.ages() {
		if a.v >= age {
			return true
		}
	}
	for _, m := range s.byLex[s.d.lexConcept] {
		c := &s.d.concepts[s.d.m.terms[m.term].idx]
		if c.Kind == "population" && c.MinAge != nil && *c.MinAge >= age {
			return true
		}
	}
	return false
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// doses: every "<number> mg" / "<number>毫克".
func (s *scan) doses() []num {
	var out []num
	t := s.text
	for i := 0; i+1 < len(t); i++ {
		end := 0
		switch {
		case t[i] == 'm' && t[i+1] == 'g' && (i+2 == len(t) || !(t[i+2] >= 'a' && t[i+2] <= 'z')):
			end = i + 2
		case t[i] == '毫' && t[i+1] == '克':
			end = i + 2
		default:
			continue
		}
		if v, st, ok := numBefore(t, i); ok {
			out = append(out, num{v, st, end})
		}
	}
	// "160不够就上240": a bare number after a raise word is a dose too.
	for _, m := range s.byLex[s.d.lexIDs["dose.raise"]] {
		j := m.end
		for j < len(t) && t[j] == ' ' {
			j++
		}
		if v, e, ok := numberAt(t, j); ok && v >= 1 && (e == len(t) || !isUnitRune(t[e])) {
			out = append(out, num{v, m.start, e})
		}
	}
	return out
}

// isUnitRune: what follows a number that is not a dose ("岁", "周", "%").
func isUnitRune(r rune) bool {
	switch r {
	case '岁', '周', '月', '天', '年', '次', '片', '粒', '%', '盒', '块', '元', '个', '支', '针', '点', 'k', 'w', 'm', 'g':
		return true
	}
	return isDigit(r)
}

// frequency: times a day ("每天两次", "一天两次", "bid", "twice a day").
func (s *scan) frequency() num {
	best := num{v: 1}
	for _, m := range s.byLex[s.d.lexIDs["dose.freq2"]] {
		if best.v < 2 {
			best = num{2, m.start, m.end}
		}
	}
	for _, m := range s.byLex[s.d.lexIDs["dose.freq3"]] {
		if best.v < 3 {
			best = num{3, m.start, m.end}
		}
	}
	t := s.text
	for i, r := range t {
		if r != '次' {
			continue
		}
		v, st, ok := numBefore(t, i)
		if !ok || v < 2 || v > 6 {
			continue
		}
		if perDay(t, st) && v > best.v {
			best = num{v, st, i + 1}
		}
	}
	return best
}

// perDay: "天"/"日" in the eight runes before i, in the same clause
// ("每天", "一天可以给孩子喂").
func perDay(t []rune, i int) bool {
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if isClauseBreak(t[k]) || t[k] == '，' {
			return false
		}
		if t[k] == '天' || t[k] == '日' {
			return true
		}
	}
	return false
}

// tabletsPerDay: "一天三片", "按一天两片", "早一片晚一片", "3 tablets a day".
func (s *scan) tabletsPerDay() num {
	t := s.text
	var morning, evening num
	best := num{}
	for i, r := range t {
		if !s.d.isUnit(r) {
			continue
		}
		v, st, ok := numBefore(t, i)
		if !ok || v < 1 || v > 20 {
			continue
		}
		switch {
		case st > 0 && t[st-1] == '早':
			morning = num{v, st - 1, i + 1}
		case st > 0 && t[st-1] == '晚':
			evening = num{v, st - 1, i + 1}
		case perDay(t, st) && v > best.v:
			best = num{v, st, i + 1}
		}
	}
	if morning.v > 0 && evening.v > 0 && morning.v+evening.v > best.v {
		best = num{morning.v + evening.v, morning.start, evening.end}
	}
	for _, m := range s.byLex[s.d.lexIDs["dose.tablets_a_day"]] {
		if v, st, ok := numBefore(t, m.start); ok && v > best.v {
			best = num{v, st, m.end}
		}
	}
	return best
}

// tabletsPerDose: "一次两片", "每次3粒".
func (s *scan) tabletsPerDose() num {
	t := s.text
	for i, r := range t {
		if !s.d.isUnit(r) {
			continue
		}
		v, st, ok := numBefore(t, i)
		if ok && v >= 1 && v <= 20 && st >= 2 && t[st-1] == '次' && (t[st-2] == '一' || t[st-2] == '每') {
			return num{v, st - 2, i + 1}
		}
	}
	return num{}
}

// strength: "20mg的", "10mg片", "一袋五十毫克" in the message.
func (s *scan) strength() float64 {
	t := s.text
	for _, dz := range s.doses() {
		if dz.end < len(t) && (t[dz.end] == '的' || t[dz.end] == '片') {
			return dz.v
		}
		if st := dz.start; st >= 2 && s.d.isUnit(t[st-1]) && (t[st-2] == '一' || t[st-2] == '每' || t[st-2] == '1') {
			return dz.v
		}
	}
	return 0
}

// durationViolations: a course longer than the label allows ("三四个月",
// "半年", "8 weeks") or an open-ended one ("一直涂", "不用停").
func (s *scan) durationViolations(out []violation, maxWeeks float64) []violation {
	t := s.text
	for i := range t {
		w, end := 0.0, 0
		switch {
		case hasAt(t, i, "个月"):
			w, end = 4.3, i+2
		case hasAt(t, i, "月") && (i == 0 || t[i-1] != '个'):
			w, end = 4.3, i+1
		case hasAt(t, i, "周") || hasAt(t, i, "星期") || hasAt(t, i, "礼拜"):
			w, end = 1, i+1
		case hasAt(t, i, "年"):
			w, end = 52, i+1
		case hasAt(t, i, "天"):
			w, end = 1.0/7, i+1
		case hasAt(t, i, "week"):
			w, end = 1, i+4
		case hasAt(t, i, "month"):
			w, end = 4.3, i+5
		case hasAt(t, i, "year"):
			w, end = 52, i+4
		default:
			continue
		}
		v, st, ok := numBefore(t, i)
		if !ok {
			continue
		}
		if v*w > maxWeeks+0.5 && !s.negatedSpan(st) {
			out = append(out, violation{"offlabel.duration", st, end})
		}
	}
	for _, m := range s.byLex[s.d.lexIDs["offlabel.long_term"]] {
		if !s.negated(m) {
			out = append(out, violation{"offlabel.duration", m.start, m.end})
		}
	}
	return out
}

func hasAt(t []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(t) || t[i] != r {
			return false
		}
		i++
	}
	return true
}

package detect

import "strings"

// Indication mismatch: a condition (a kind "condition" concept) named with
// a catalog product as its use ("灰指甲吃芬伽维", "great for cluster
// headache") that none of the product's approved_uses covers, by any of
// the concept's synonyms or by the words themselves. A message that also
// names an approved use is about that use: the other condition is a
// comorbidity ("合并高血压的房颤患者").
func (s *scan) indicationViolations(out []violation, px *productIndex) []violation {
	if len(s.lex("offlabel.use_cue"))+len(s.byLex[s.d.promote]) == 0 {
		return out
	}
	concepts := s.byLex[s.d.lexConcept]
	var cand []match
	for _, m := range concepts {
		ci := s.d.m.terms[m.term].idx
		c := &s.d.concepts[ci]
		if c.Kind == "population" {
			continue
		}
		if s.covered(px, m) {
			if c.Kind == KindCondition || s.d.indication[ci] {
				return out // an approved use is named
			}
			continue
		}
		if c.Kind == KindCondition && !s.negated(m) && !s.within(m, px) && !s.topic(m) && !s.comorbidity(m) {
			cand = append(cand, m)
		}
	}
	for _, m := range cand {
		out = append(out, violation{"offlabel.indication", m.start, m.end})
	}
	return out
}

// topic: a condition followed by a topic word is a risk, a guideline or a
// department, not a use ("心梗风险不高", "感染科").
func (s *scan) topic(m match) bool {
	for _, t := range s.lex("ae.topic_suffix") {
		if t.start >= m.end && t.start-m.end <= 1 && s.blank(m.end, t.start) {
			return true
		}
	}
	return false
}

// comorbidityWindow: how far back a comorbidity cue reaches a condition.
const comorbidityWindow = 12

// comorbidity: a condition named as a comorbidity beside the use ("BMI 27
// and above with a weight-related condition like hypertension", "伴高血压").
func (s *scan) comorbidity(m match) bool {
	id, ok := s.d.lexIDs["offlabel.comorbidity"]
	return ok && s.cueBefore(id, m, comorbidityWindow, isClauseBreak)
}

// covered: the approved uses name m's concept or m's own words.
func (s *scan) covered(px *productIndex, m match) bool {
	ci := s.d.m.terms[m.term].idx
	return conceptIn(s.d, ci, px.approved) || strings.Contains(px.approved, string(s.text[m.start:m.end]))
}

// within: m lies inside a longer concept match that is covered ("偏头痛"
// holds "头痛").
func (s *scan) within(m match, px *productIndex) bool {
	for _, o := range s.byLex[s.d.lexConcept] {
		if o.start <= m.start && o.end >= m.end && o.end-o.start > m.end-m.start && s.covered(px, o) {
			return true
		}
	}
	return false
}

// agesFit: an entry bounded by age ("35岁以上吸烟") holds for the message
// when it gives no age or an age inside the bound.
func (s *scan) agesFit(ph phrase) bool {
	if ph.minAge == 0 && ph.maxAge == 0 {
		return true
	}
	ages := s.ages()
	if len(ages) == 0 {
		return true
	}
	for _, a := range ages {
		if (ph.minAge == 0 || a.v >= ph.minAge) && (ph.maxAge == 0 || a.v <= ph.maxAge) {
			return true
		}
	}
	return false
}

// dropCaselessAE: a rep promoting a product off-label names conditions and
// risks ("cluster headache", "血栓风险低", "short of breath"), not a
// patient's event; an ae hit stays only with a specific case (a strong
// patient cue, a bed or record number, a name).
func (s *scan) dropCaselessAE() {
	if !s.labelled(LabelAE) {
		return
	}
	if len(s.lex("ae.patient_strong")) > 0 || len(s.get(-1-bBed)) > 0 || len(s.get(-1-bRecord)) > 0 || len(s.get(-1-bName)) > 0 {
		return
	}
	kept := s.hits[:0]
	for _, h := range s.hits {
		if h.Label != LabelAE {
			kept = append(kept, h)
		}
	}
	s.hits = kept
}

func (d *Detector) isUnit(r rune) bool { return d.units[r] }

// indicationMatches: the words of approved uses in the message, and the
// concepts that name one. With a product named (here or in the context)
// only that product's uses count: a clot is the anticoagulant's
// indication but an event on any other product.
func (s *scan) indicationMatches() []match {
	out := append([]match(nil), s.byLex[s.d.lexRaw]...)
	prods := s.textProducts()
	if len(prods) == 0 {
		prods = s.contextProducts()
	}
	for _, m := range s.byLex[s.d.lexConcept] {
		ci := s.d.m.terms[m.term].idx
		if !s.d.indication[ci] {
			continue
		}
		use := len(prods) == 0
		for _, pi := range prods {
			if s.d.products[pi].uses[ci] {
				use = true
			}
		}
		if use {
			out = append(out, m)
		}
	}
	return out
}

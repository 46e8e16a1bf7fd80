package detect

// An intended effect is not an event. A concept may list the effects of
// treating it (policy concepts[].effects: "lost 4 kg" for weight, "尿酸降到"
// for gout); when a product the message (or, failing that, the nearest
// earlier message) names is approved for that concept, an ae anchor inside
// such an effect is the product working, not an adverse event. The same
// words about a product approved for something else stay events.

// initEffects indexes the effect terms and, per product, the concepts with
// effects its approved uses name. It runs after indexCatalog.
func (d *Detector) initEffects() {
	d.ae.effect = -1
	has := false
	for _, c := range d.concepts {
		has = has || len(c.Effects) > 0
	}
	if !has {
		return
	}
	d.ae.effect = d.addSpecial("@effect")
	for ci, c := range d.concepts {
		for _, t := range c.Effects {
			d.m.add(d.ae.effect, ci, t, d.norm.term(t))
		}
	}
	d.ae.effectUses = make([][]bool, len(d.products))
	for pi, px := range d.products {
		uses := make([]bool, len(d.concepts))
		for ci, c := range d.concepts {
			uses[ci] = len(c.Effects) > 0 && c.Kind != "population" && conceptIn(d, ci, px.approved)
		}
		d.ae.effectUses[pi] = uses
	}
}

// intendedEffect: a sits inside an effect term of a concept that a product
// in the message (or its context) is approved for, or is an "after" that
// such an effect directly follows ("打维纤妥以后瘦了6斤").
func (s *scan) intendedEffect(a match) bool {
	if s.d.ae.effect < 0 || len(s.byLex[s.d.ae.effect]) == 0 {
		return false
	}
	ps := s.textProducts()
	if len(ps) == 0 {
		ps = s.contextProducts()
	}
	for _, m := range s.byLex[s.d.ae.effect] {
		inside := m.start < a.end && a.start < m.end
		follows := m.start >= a.end && m.start-a.end <= effectGap && !s.clauseBreakIn(a.end, m.start)
		if !inside && !follows {
			continue
		}
		ci := s.d.m.terms[m.term].idx
		for _, p := range ps {
			if p < len(s.d.ae.effectUses) && s.d.ae.effectUses[p][ci] {
				return true
			}
		}
	}
	return false
}

// effectGap: how far after an anchor an effect may start and still be what
// the anchor leads to.
const effectGap = 2

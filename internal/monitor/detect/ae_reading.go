package detect

// An event needs an event reading. A disease name (a kind "condition"
// concept, the list the off-label indication check reads too) is often
// the diagnosis or the indication, not something that happened after the
// product: "王建华 癫痫 身份证…", "赵志刚（癫痫）", "great for cluster
// headache". These lexicons are optional: a policy without them keeps the
// plain reading.
type aeLex struct {
	onset, indicationCue, patient int      // -1 when the policy has none
	effect                        int      // "@effect" terms, -1 when no concept lists effects
	effectUses                    [][]bool // product -> concept with effects it is approved for
}

func (d *Detector) initAE() {
	d.ae = aeLex{onset: -1, indicationCue: -1, patient: -1}
	for _, n := range []struct {
		dst  *int
		name string
	}{{&d.ae.onset, "ae.onset"}, {&d.ae.indicationCue, "ae.indication_cue"}, {&d.ae.patient, "ae.patient"}} {
		if id, ok := d.lexIDs[n.name]; ok {
			*n.dst = id
		}
	}
}

// indicationWindow is how far back an indication cue ("治", "for") reaches
// a disease name in the same clause.
const indicationWindow = 16

// onsetBefore: an onset cue ("起", "出现", "developed") ends right before m,
// so "起皮疹的病人" is a patient with a new rash, not a rash population.
func (s *scan) onsetBefore(m match) bool {
	if s.d.ae.onset < 0 {
		return false
	}
	for _, c := range s.byLex[s.d.ae.onset] {
		if c.end <= m.start && m.start-c.end <= 1 && s.blank(c.end, m.start) {
			return true
		}
	}
	return false
}

// diagnosisReading: an ae anchor that names a condition and stands where a
// diagnosis or an indication stands, with no onset cue before it.
func (s *scan) diagnosisReading(a match) bool {
	if !s.conditionAt(a) || s.onsetBefore(a) {
		return false
	}
	if s.d.ae.indicationCue >= 0 && s.cueBefore(s.d.ae.indicationCue, a, indicationWindow, isClauseBreak) {
		return true
	}
	return s.afterHeader(a.start)
}

// afterHeader: only separators, a sex or an age stand between a patient's
// name and pos ("王建华 癫痫", "赵志刚（癫痫）", "刘晓东，男，性腺功能减退"),
// or between a patient word and pos with at least one of them between
// ("患者，男，65岁，肺炎").
func (s *scan) afterHeader(pos int) bool {
	names := s.get(-1 - bName)
	var patients []match
	if s.d.ae.patient >= 0 {
		patients = s.byLex[s.d.ae.patient]
	}
	if len(names) == 0 && len(patients) == 0 {
		return false
	}
	ages := s.get(-1 - bAgeSex)
	j := pos
	for step := 0; step < 6; step++ {
		k := j
		for k > 0 && isSlotSep(s.text[k-1]) {
			k--
		}
		for _, n := range names {
			if n.end == k {
				return true
			}
		}
		if k < pos {
			for _, p := range patients {
				if p.end == k {
					return true
				}
			}
		}
		j = k
		moved := false
		for _, g := range ages {
			if g.end == j && g.start < j {
				j, moved = g.start, true
				break
			}
		}
		if !moved {
			return false
		}
	}
	return false
}

func isSlotSep(r rune) bool {
	switch r {
	case ' ', ',', '，', '、', '（', '(', ':', '：', '男', '女', '/':
		return true
	}
	return false
}

// conditions: the message's matches of kind "condition" concepts.
func (s *scan) conditions() []match {
	var out []match
	for _, m := range s.byLex[s.d.lexConcept] {
		if s.d.concepts[s.d.m.terms[m.term].idx].Kind == KindCondition {
			out = append(out, m)
		}
	}
	return out
}

// conditionAt: a condition overlaps a.
func (s *scan) conditionAt(a match) bool {
	for _, m := range s.get(-1 - bCondition) {
		if m.start < a.end && a.start < m.end {
			return true
		}
	}
	return false
}

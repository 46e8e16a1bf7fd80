package detect

// ownContactList: the number stands in a list of contact items after an
// own-contact cue ("我办公室电话0571-8700 2316，手机138 0000 6629"): only
// digits, separators and contact words (pii.contact_word) lie between
// the cue and the number, so the cue covers it as it covers the first.
func (s *scan) ownContactList(m match) bool {
	word, ok := s.d.lexIDs["pii.contact_word"]
	if !ok {
		return false
	}
	pos := m.start
	for steps := 0; steps < 12 && m.start-pos <= ownContactListRunes; steps++ {
		for pos > 0 && isContactListRune(s.text[pos-1]) {
			pos--
		}
		for _, c := range s.byLex[s.d.ownContact] {
			if c.end == pos {
				return true
			}
		}
		moved := false
		for _, w := range s.byLex[word] {
			if w.end == pos && w.start < pos {
				pos, moved = w.start, true
				break
			}
		}
		if !moved {
			return false
		}
	}
	return false
}

// ownContactListRunes bounds how far back a contact list reaches.
const ownContactListRunes = 48

func isContactListRune(r rune) bool {
	if isDigit(r) {
		return true
	}
	switch r {
	case ' ', '-', '(', ')', '+', ',', '，', '、', ':', '：', '/':
		return true
	}
	return false
}

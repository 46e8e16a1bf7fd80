package detect

// A bare amount: digits with no currency word that stand right after a
// payee, a transfer verb or a per-unit phrase ("给您800", "一个人500",
// "返您300"). Followed by a unit ("给您3盒", "一个人20片") or another digit
// group (a phone number) they are not money.

// bareAmountMin: smaller bare numbers are counts, not payments.
const bareAmountMin = 10

func (s *scan) bareAmounts() []match {
	if !s.hasRune(isDigit) {
		return nil
	}
	var lead []match
	for _, name := range []string{"bribery.payee", "bribery.transfer", "bribery.per_unit"} {
		if id, ok := s.d.lexIDs[name]; ok {
			lead = append(lead, s.byLex[id]...)
		}
	}
	if len(lead) == 0 {
		return nil
	}
	t := s.text
	var out []match
	for i := 0; i < len(t); i++ {
		if !isDigit(t[i]) || (i > 0 && (isDigit(t[i-1]) || t[i-1] == '.' || t[i-1] == '-')) {
			continue
		}
		v, j, _ := numberAt(t, i)
		if v < bareAmountMin || !s.bareEnd(j) {
			i = j
			continue
		}
		k := i
		for k > 0 && t[k-1] == ' ' {
			k--
		}
		for _, l := range lead {
			if l.end == k {
				out = append(out, match{lex: -1 - bBareAmount, term: -1, start: i, end: j})
				break
			}
		}
		i = j
	}
	return out
}

// bareEnd: what follows the digits ends the amount: the text's end, a
// separator or a word that is not a unit.
func (s *scan) bareEnd(j int) bool {
	t := s.text
	for j < len(t) && t[j] == ' ' {
		if j+1 < len(t) && (isDigit(t[j+1]) || isASCIIWord(t[j+1])) {
			return false // "138 0000 …", "50 mg"
		}
		j++
	}
	if j == len(t) {
		return true
	}
	r := t[j]
	if isASCIIWord(r) || r == '%' || r == '/' || r == '.' || r == '-' || r == ':' || r == '*' || r == '×' {
		return false
	}
	return !isCounterRune(r)
}

// isCounterRune: counters and units that make a number a count, a dose, a
// date or a time.
func isCounterRune(r rune) bool {
	switch r {
	case '盒', '支', '片', '粒', '袋', '瓶', '针', '剂', '份', '张', '本', '套', '台', '部', '件', '条', '次', '回', '遍',
		'天', '日', '周', '月', '年', '岁', '号', '床', '例', '人', '个', '位', '名', '家', '楼', '层', '室', '栋',
		'分', '秒', '时', '点', '斤', '克', '升', '毫', '微', '倍', '度', '期', '级', '型', '多', '来', '几',
		'元', '块', '万', '千', '百', '十', '届', '场', '组', '批', '科', '页', '章', '项', '道', '轮':
		return true
	}
	return false
}

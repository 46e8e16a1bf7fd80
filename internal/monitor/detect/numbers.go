package detect

// Number reading over normalised runes: ASCII digits (full-width ones are
// folded already) and Chinese numerals ("两", "十五", "三四" = up to 4).

var cnDigits = map[rune]float64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func isNumRune(r rune) bool {
	if isDigit(r) {
		return true
	}
	_, ok := cnDigits[r]
	return ok || r == '十' || r == '百' || r == '半'
}

// numberAt reads a number starting at i; ok is false when none starts there.
func numberAt(t []rune, i int) (v float64, end int, ok bool) {
	if i >= len(t) {
		return 0, i, false
	}
	if isDigit(t[i]) {
		j := i
		for j < len(t) && isDigit(t[j]) {
			v = v*10 + float64(t[j]-'0')
			j++
		}
		if j+1 < len(t) && t[j] == '.' && isDigit(t[j+1]) {
			j++
			f := 0.1
			for j < len(t) && isDigit(t[j]) {
				v += float64(t[j]-'0') * f
				f /= 10
				j++
			}
		}
		return v, j, true
	}
	if t[i] == '半' {
		return 0.5, i + 1, true
	}
	j := i
	var total, cur float64
	seen, lastDigit := false, -1.0
	adjacent := false
	for j < len(t) {
		r := t[j]
		if d, isD := cnDigits[r]; isD {
			if lastDigit >= 0 {
				adjacent = true // "三四": a range, keep the larger
				if d > cur {
					cur = d
				}
			} else {
				cur = d
			}
			lastDigit = d
			seen = true
			j++
			continue
		}
		if r == '十' || r == '百' {
			mul := 10.0
			if r == '百' {
				mul = 100
			}
			if !seen || cur == 0 && lastDigit < 0 {
				cur = 1
			}
			total += cur * mul
			cur, lastDigit, seen = 0, -1, true
			j++
			continue
		}
		break
	}
	if !seen {
		return 0, i, false
	}
	_ = adjacent
	return total + cur, j, true
}

// numBefore finds a number ending exactly at end (skipping spaces), e.g.
// the "10" of "10mg".
func numBefore(t []rune, end int) (v float64, start int, ok bool) {
	j := end
	for j > 0 && t[j-1] == ' ' {
		j--
	}
	k := j
	for k > 0 && (isNumRune(t[k-1]) || t[k-1] == '.') {
		k--
	}
	for k < j {
		if v, e, ok := numberAt(t, k); ok && e == j {
			return v, k, true
		}
		k++
	}
	return 0, end, false
}

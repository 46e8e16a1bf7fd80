package detect

import (
	"regexp"
	"strconv"
)

// regimen is how often a label lets a product be taken: at most timesDay
// doses a day ("每日1次", "bid", "每日不超过4次", "间隔6–8小时"), or one dose
// every intervalDays days ("每月一次", "每2周一次").
type regimen struct {
	timesDay float64 // 0: the label names no daily frequency
	// byCode: timesDay comes only from a dose code ("20 mg qd"), which
	// fixes how a dose is given rather than capping the doses a day: a
	// message that states its mg doses is judged by the daily dose.
	byCode       bool
	intervalDays float64 // shortest interval the label names (0: none)
}

var (
	reLabelTimes = regexp.MustCompile(`(?:每日|每天|一天|一日|每晚|每早|每晨)\s*(?:不超过|最多|至多)?\s*([0-9一二两三四五六])\s*次`)
	reLabelCodes = regexp.MustCompile(`\b(qd|bid|tid|qid|once daily|once a day|twice daily|twice a day|three times daily|three times a day)\b`)
	reLabelHours = regexp.MustCompile(`间隔\s*(\d+)\s*(?:[–\-~至到]\s*\d+\s*)?(?:小时|h\b)|every\s*(\d+)\s*(?:-\s*\d+\s*)?hours`)
	reLabelEvery = regexp.MustCompile(`每\s*([0-9一二两三四]*)\s*(个月|月|周)\s*(?:一|1)\s*次|每\s*([0-9一二两三四])\s*(个月|周)|隔周|every\s*(\d+|two|four)\s*weeks|every other week|once a month|monthly|once weekly|once a week|周各一次|q([1-4])w`)

	// In a message: "两周打一次", "每月一针", "一天一次", "隔天".
	// Several doses per period: "一周打两次", "two injections a week".
	reMsgTimes = regexp.MustCompile(`(?:每|一)\s*(个月|月|周|星期|礼拜)\s*(?:打|用|注射|吃|服|涂|抹|喷|吸|来|给|喂)?\s*([两二三四2-4])\s*(?:次|针|支|剂)|\b(two|three|four|[2-4])\s+(?:injections?|doses?|shots?|times|jabs?)\s+(?:a|per|each|every)\s+(week|month)`)
	reMsgEvery = regexp.MustCompile(`(每|隔)?\s*([0-9一二两三四五六七八九十半]*)\s*(个月|月|周|星期|礼拜|天|日)\s*(?:打|用|注射|吃|服|涂|抹|喷|吸|来|给|喂)?\s*(?:一|1)\s*(?:次|针|支|剂)|隔天|隔日|隔周|every\s*(other|\d+|two|three)?\s*(day|week|month)s?|(once|twice) a (week|month)|\b(weekly|biweekly|fortnightly)\b`)
)

var codeTimes = map[string]float64{"qd": 1, "bid": 2, "tid": 3, "qid": 4, "once daily": 1, "once a day": 1, "twice daily": 2, "twice a day": 2, "three times daily": 3, "three times a day": 3}

var enNumbers = map[string]float64{"two": 2, "three": 3, "four": 4, "other": 2}

var unitDays = map[string]float64{"个月": 30, "月": 30, "周": 7, "星期": 7, "礼拜": 7, "天": 1, "日": 1, "day": 1, "week": 7, "month": 30}

// parseRegimen reads the label notes' dosing frequency.
func parseRegimen(notes string) regimen {
	var r regimen
	more := func(v float64) {
		if v > r.timesDay {
			r.timesDay = v
		}
	}
	for _, m := range reLabelTimes.FindAllStringSubmatch(notes, -1) {
		if v, _, ok := numberAt([]rune(m[1]), 0); ok {
			more(v)
		}
	}
	explicit := r.timesDay
	for _, m := range reLabelHours.FindAllStringSubmatch(notes, -1) {
		for _, g := range m[1:] {
			if h, err := strconv.ParseFloat(g, 64); err == nil && h > 0 {
				more(float64(int(24 / h)))
			}
		}
	}
	if r.timesDay > explicit {
		explicit = r.timesDay
	}
	if explicit == 0 {
		for _, m := range reLabelCodes.FindAllStringSubmatch(notes, -1) {
			more(codeTimes[m[1]])
		}
		r.byCode = r.timesDay > 0
	}
	shorter := func(v float64) {
		if v > 0 && (r.intervalDays == 0 || v < r.intervalDays) {
			r.intervalDays = v
		}
	}
	for _, m := range reLabelEvery.FindAllStringSubmatch(notes, -1) {
		switch {
		case m[2] != "":
			shorter(count(m[1]) * unitDays[m[2]])
		case m[4] != "":
			shorter(count(m[3]) * unitDays[m[4]])
		case m[5] != "":
			shorter(count(m[5]) * 7)
		case m[6] != "":
			shorter(count(m[6]) * 7)
		case m[0] == "隔周" || m[0] == "every other week":
			shorter(14)
		case m[0] == "once a month" || m[0] == "monthly":
			shorter(30)
		default:
			shorter(7)
		}
	}
	return r
}

// count reads "2", "两", "two" (1 when empty).
func count(s string) float64 {
	if s == "" {
		return 1
	}
	if v, ok := enNumbers[s]; ok {
		return v
	}
	if v, _, ok := numberAt([]rune(s), 0); ok && v > 0 {
		return v
	}
	return 1
}

// intervals: every "once every N days" the message names, in days.
func (s *scan) intervals() []num {
	if s.str == "" {
		s.str = string(s.text)
	}
	var out []num
	var idx []int
	for _, loc := range reMsgEvery.FindAllStringSubmatchIndex(s.str, -1) {
		g := func(k int) string {
			if loc[2*k] < 0 {
				return ""
			}
			return s.str[loc[2*k]:loc[2*k+1]]
		}
		var v float64
		switch {
		case g(3) != "":
			v = count(g(2)) * unitDays[g(3)]
			if g(1) == "隔" {
				v += unitDays[g(3)]
			}
		case g(0) == "隔天" || g(0) == "隔日":
			v = 2
		case g(0) == "隔周":
			v = 14
		case g(5) != "":
			v = count(g(4)) * unitDays[g(5)]
		case g(6) != "":
			v = unitDays[g(7)]
			if g(6) == "twice" {
				v /= 2
			}
		case g(8) == "weekly":
			v = 7
		case g(8) != "":
			v = 14
		}
		if v <= 0 {
			continue
		}
		if idx == nil {
			idx = byteToRune(s.str)
		}
		out = append(out, num{v, idx[loc[0]], idx[loc[1]]})
	}
	for _, loc := range reMsgTimes.FindAllStringSubmatchIndex(s.str, -1) {
		g := func(k int) string {
			if loc[2*k] < 0 {
				return ""
			}
			return s.str[loc[2*k]:loc[2*k+1]]
		}
		unit, times := g(1), g(2)
		if unit == "" {
			unit, times = g(4), g(3)
		}
		if idx == nil {
			idx = byteToRune(s.str)
		}
		out = append(out, num{unitDays[unit] / count(times), idx[loc[0]], idx[loc[1]]})
	}
	return out
}

// regimenViolations: more doses a day than the label allows ("一天吸两次"
// for "每日1次", "一天喂五六次" for "每日不超过4次", an extra puff), or a
// shorter interval than a weekly or monthly label's ("两周打一次" for
// "每月一次").
func (s *scan) regimenViolations(out []violation, px *productIndex) []violation {
	if f := s.frequency(); px.timesDay > 0 && f.v > px.timesDay && !s.negatedSpan(f.start) && !(px.byCode && len(s.doses()) > 0) {
		out = append(out, violation{"offlabel.frequency", f.start, f.end})
	}
	if px.timesDay > 0 || px.maxTablets > 0 {
		for _, m := range s.lex("offlabel.extra_dose") {
			if !s.negated(m) {
				out = append(out, violation{"offlabel.frequency", m.start, m.end})
			}
		}
	}
	if px.p.MaxDailyDoseMg == nil && px.maxTablets > 0 {
		if tabs := s.tabletsPerDay(); tabs.v > px.maxTablets && !s.negatedSpan(tabs.start) {
			out = append(out, violation{"offlabel.frequency", tabs.start, tabs.end})
		}
	}
	if px.timesDay == 0 && px.intervalDays > 1 && s.hasRune(intervalRune) {
		for _, iv := range s.intervals() {
			if iv.v < px.intervalDays*0.8 && !s.negatedSpan(iv.start) {
				out = append(out, violation{"offlabel.frequency", iv.start, iv.end})
			}
		}
	}
	return out
}

// intervalRune: a rune every interval phrase holds, the cheap pre-check
// before the regexp ("周", "月", "天", "日", "隔"; "every", "weekly", "a month").
func intervalRune(r rune) bool {
	switch r {
	case '周', '月', '天', '日', '隔', '期', '拜', 'y':
		return true
	}
	return false
}

// lex: the matches of a lexicon the policy may lack (an older policy).
func (s *scan) lex(name string) []match {
	if id, ok := s.d.lexIDs[name]; ok {
		return s.byLex[id]
	}
	return nil
}

package detect

import (
	"strings"
	"testing"
)

func TestValidResidentID(t *testing.T) {
	for id, want := range map[string]bool{
		"11010519580314002X": true,
		"11010519580314002x": true,
		"510107195502180172": true,
		"510107195502180173": false, // check digit
		"202405180003219876": false, // order number
		"440106202311300007": false,
		"1101051958031400":   false,
	} {
		if got := ValidResidentID(strings.ToUpper(id)); got != want {
			t.Errorf("ValidResidentID(%s) = %v, want %v", id, got, want)
		}
	}
}

func TestNumberAt(t *testing.T) {
	for in, want := range map[string]float64{"10": 10, "两": 2, "十五": 15, "三四": 4, "一百二十": 120, "2.5": 2.5, "半": 0.5, "二十": 20} {
		v, end, ok := numberAt([]rune(in), 0)
		if !ok || v != want || end != len([]rune(in)) {
			t.Errorf("numberAt(%q) = %v, %d, %v; want %v", in, v, end, ok, want)
		}
	}
}

func TestClassifyConventions(t *testing.T) {
	d := devDetector(t)
	for _, tc := range []struct {
		name string
		in   Input
		want string
		sev  string
	}{
		{"redpacket msgtype", Input{Text: "", MsgType: "external_redpacket"}, "bribery", SeverityMedium},
		{"negation", Input{Text: "那个病人吃了瑞栓宁，未见出血", Speaker: "hcp"}, "", ""},
		{"hypothetical", Input{Text: "如果病人吃康芮宁出现皮疹怎么办", Speaker: "hcp"}, "", ""},
		{"serious ae", Input{Text: "我的病人吃瑞栓宁后脑出血住院了", Speaker: "hcp"}, "ae", SeverityHigh},
		{"pregnancy exposure is high", Input{Text: "我们科一个病人吃沛汀康期间怀孕了", Speaker: "hcp"}, "ae", SeverityHigh},
		{"context names the product", Input{Text: "这个药哺乳期也能用", Speaker: "rep", Context: []string{"沛汀康降脂效果不错"}}, "offlabel", SeverityMedium},
		{"context dose", Input{Text: "You can double it to 16 mg, it's well tolerated.", Speaker: "rep", Context: []string{"Prostenza for my BPH patients?"}}, "offlabel", SeverityMedium},
		{"hcp question is not offlabel", Input{Text: "格维乐能拿来减肥吗？", Speaker: "hcp"}, "", ""},
		{"referral", Input{Text: "这个超说明书了，康芮宁肠癌的问题我帮您转医学部", Speaker: "rep"}, "", ""},
		{"referral then promotion", Input{Text: "沛汀康孕妇的问题我转医学部哈，不过私下说好多产科用了都没事", Speaker: "rep"}, "offlabel", SeverityMedium},
		{"full-width dose", Input{Text: "思眠宁一片不管用就吃两片，２０ｍｇ没事的", Speaker: "rep"}, "offlabel", SeverityMedium},
		{"tablets a day", Input{Text: "普斯坦效果不够就一天三片", Speaker: "rep"}, "offlabel", SeverityMedium},
		{"traditional name", Input{Text: "格維樂 PCOS的患者也挺适合", Speaker: "rep"}, "offlabel", SeverityMedium},
		{"own phone", Input{Text: "有事打我手机13700001122", Speaker: "hcp"}, "", ""},
		{"patient phone", Input{Text: "这是病人手机号13600007788", Speaker: "hcp"}, "pii", SeverityMedium},
		{"masked name", Input{Text: "患者王*兰，绝经后骨松，卡维莎用了一年", Speaker: "hcp"}, "", ""},
		{"hospital address", Input{Text: "[位置] 瑞金医院 上海市黄浦区瑞金二路197号", Speaker: "rep"}, "", ""},
		{"patient address", Input{Text: "患者家住上海市黄浦区瑞金二路197号", Speaker: "hcp"}, "pii", SeverityMedium},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := d.Classify(tc.in)
			checkResult(t, tc.in.Text, res)
			if got := strings.Join(res.Labels, ","); got != tc.want {
				t.Fatalf("labels = %q, want %q (hits %+v)", got, tc.want, res.Hits)
			}
			if res.Severity != tc.sev {
				t.Errorf("severity = %q, want %q", res.Severity, tc.sev)
			}
		})
	}
}

func TestAEHitsNameTheSuspectProduct(t *testing.T) {
	d := devDetector(t)
	res := d.Classify(Input{Text: "这个药吃了以后他血压低到80/50，站都站不稳", Speaker: "hcp", Context: []string{"普斯坦的首剂要注意什么"}})
	if len(res.Hits) == 0 || res.Hits[0].Product != "Prostenza" {
		t.Fatalf("hits = %+v, want the context's product", res.Hits)
	}
}

// concurrentContext: the two records before i, as a conversation's context
// (so the goroutines share the context memo too).
func concurrentContext(recs []corpusRecord, i int) []string {
	var out []string
	for _, r := range recs[max(0, i-2):i] {
		out = append(out, r.Text)
	}
	return out
}

// TestClassifyConcurrent: one detector serves many goroutines (run with -race).
func TestClassifyConcurrent(t *testing.T) {
	d := devDetector(t)
	recs := loadCorpus(t)
	want := make([]string, len(recs))
	for i, r := range recs {
		want[i] = strings.Join(d.Classify(Input{Text: r.Text, Speaker: r.Speaker, Context: concurrentContext(recs, i)}).Labels, ",")
	}
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func() {
			for i, r := range recs {
				if got := strings.Join(d.Classify(Input{Text: r.Text, Speaker: r.Speaker, Context: concurrentContext(recs, i)}).Labels, ","); got != want[i] {
					errs <- r.ID + ": " + got + " != " + want[i]
					return
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 4; g++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// TestClassifyLongText: a transcript longer than one window is classified
// whole (a hit past the first window, spans in the original text) and the
// cost stays linear (no quadratic blow-up on repeated terms).
func TestClassifyLongText(t *testing.T) {
	d := devDetector(t)
	text := strings.Repeat("没有出血，", 3000) + "我有个病人吃瑞栓宁后呕血住院了"
	res := d.Classify(Input{Text: text, Speaker: "hcp"})
	checkResult(t, text, res)
	if strings.Join(res.Labels, ",") != "ae" || res.Severity != SeverityHigh {
		t.Fatalf("labels %v severity %q", res.Labels, res.Severity)
	}
	if len(res.Hits) > maxHits {
		t.Fatalf("%d hits, cap is %d", len(res.Hits), maxHits)
	}
}

func TestNewRefusesInvalidPolicy(t *testing.T) {
	p := DefaultPolicy()
	p.Rules = append(p.Rules, Rule{ID: "x", Label: LabelAE, Anchor: "no.such"})
	if _, err := New(p, nil); err == nil || !strings.Contains(err.Error(), "no.such") {
		t.Fatalf("err = %v", err)
	}
}

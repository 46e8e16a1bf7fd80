package detect

import (
	"strings"
	"testing"
)

// TestGeneralisedClasses: the mechanisms behind blind19's fixes, on
// sentences of their own, so that each fails when its class is removed.
func TestGeneralisedClasses(t *testing.T) {
	d := detectorFor(t, "testdata/generalise/products6.yaml")
	for _, tc := range []struct {
		name string
		in   Input
		want string
	}{
		{"negation reaches a coordinated list", Input{Text: "Two months on Hepavir and no rash, nausea or headache in her so far", Speaker: "hcp"}, ""},
		{"negation over a list with a prefix term", Input{Text: "No dizziness, rash or vomiting in my Hepavir patient", Speaker: "hcp"}, ""},
		{"a patient who never used it", Input{Text: "那个病人最后没用欧薇丽，直接做了手术", Speaker: "hcp"}, ""},
		{"a product name is not a symptom", Input{Text: "那位大爷吃痛立消以后关节舒服多了", Speaker: "hcp"}, ""},
		{"a symptom still counts", Input{Text: "那位大爷吃痛立消以后胃疼", Speaker: "hcp"}, "ae"},
		{"frequency multiplies the nearest dose", Input{Text: "Luminexa 20mg一天两次，或40mg一天一次", Speaker: "rep"}, ""},
		{"frequency over the limit", Input{Text: "Luminexa 一天两次，每次40mg", Speaker: "rep"}, "offlabel"},
		{"tablets a day with the notes' dose as unit", Input{Text: "Hepavir 一天吃三片，病毒降得快", Speaker: "rep"}, "offlabel"},
		{"screening for a contraindication is not promotion", Input{Text: "打免维雅之前要排查结核", Speaker: "rep"}, ""},
		{"thesaurus: hepatitis C", Input{Text: "HCV的病人用Hepavir也行", Speaker: "rep"}, "offlabel"},
		{"thesaurus: COPD", Input{Text: "安肺欣给肺气肿的老人用也挺好", Speaker: "rep"}, "offlabel"},
		{"label note: interval", Input{Text: "免维雅一周一针效果更好", Speaker: "rep"}, "offlabel"},
		{"label note: route", Input{Text: "免维雅肌注也没问题", Speaker: "rep"}, "offlabel"},
		{"hcp reveals the rep", Input{Text: "你跟我说欧薇丽能避孕，病人问我是不是真的", Speaker: "hcp"}, "offlabel"},
		{"amount handed over", Input{Text: "信封里是三千，您收着", Speaker: "rep"}, "bribery"},
		{"amount under contract", Input{Text: "讲课费三千已按合同转您，请签服务确认单", Speaker: "rep"}, ""},
		{"luxury goods", Input{Text: "给嫂子挑了个爱马仕，周末送过去", Speaker: "rep"}, "bribery"},
		{"record number with a letter prefix and hyphens", Input{Text: "病案号 BA-2023-77812 的病人明天出院", Speaker: "hcp"}, "pii"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := d.Classify(tc.in)
			checkResult(t, tc.in.Text, res)
			if got := strings.Join(res.Labels, ","); got != tc.want {
				t.Fatalf("labels = %q, want %q (hits %+v)", got, tc.want, res.Hits)
			}
		})
	}
}

// TestContextMemo: a context text is matched once across calls, the memo
// stays bounded, and a memoised answer is the same as a fresh one.
func TestContextMemo(t *testing.T) {
	d := detectorFor(t, "testdata/generalise/products6.yaml")
	in := Input{Text: "这个药哺乳期也能用", Speaker: "rep", Context: []string{"肝韦立最近卖得不错"}}
	first := strings.Join(d.Classify(in).Labels, ",")
	if first != "offlabel" || d.ctxMemo.len() != 1 {
		t.Fatalf("labels %q, memo %d", first, d.ctxMemo.len())
	}
	if again := strings.Join(d.Classify(in).Labels, ","); again != first {
		t.Fatalf("memoised %q != %q", again, first)
	}
	small := newContextMemo(3)
	for i := range 10 {
		small.put(strings.Repeat("x", i), nil)
	}
	if n := small.len(); n > 6 {
		t.Fatalf("memo holds %d texts, bound is two generations of 3", n)
	}
	small.put("keep", []int{1})
	for i := range 4 {
		small.put(strings.Repeat("y", i), nil)
		if _, ok := small.get("keep"); !ok {
			t.Fatalf("a text in use was dropped after %d puts", i+1)
		}
	}
}

package detect

import (
	"strings"
	"testing"
)

// TestOffLabelMechanisms: each off-label mechanism read from the catalog's
// facts (products8: approved_uses, label_notes, ages, sex, contraindicated),
// on sentences of its own, with the on-label twin that must stay clean.
func TestOffLabelMechanisms(t *testing.T) {
	d := detectorFor(t, "testdata/generalise/products8.yaml")
	for _, tc := range []struct {
		name, text, speaker, want string
	}{
		// indication: a condition no approved_use covers
		{"indication: condition outside approved uses", "芬伽维治脚气也很好，一周就干净了", "rep", "offlabel"},
		{"indication: synonym of an approved use", "芬伽维用于曲霉病效果很好", "rep", ""},
		{"indication: english condition", "Dianjingping works for Parkinson's tremor as well", "rep", "offlabel"},
		{"indication: negated", "癫静平不能用于帕金森", "rep", ""},
		{"indication: comorbidity beside the approved use", "合并高血压的乙肝病人用肝泰韦没问题", "rep", ""},
		{"indication: vocabulary synonym of a not-approved use", "增肌的话安卓维抹两周就有效果", "rep", "offlabel"},
		// frequency and interval against label_notes
		{"interval: monthly label, weekly advice", "诺偏安每周打一次见效更快", "rep", "offlabel"},
		{"interval: as labelled", "诺偏安每月打一次就行", "rep", ""},
		{"frequency: more doses a day than the label", "布瑞舒一天吸三次效果更好", "rep", "offlabel"},
		{"frequency: as labelled", "布瑞舒一天一次，每次一吸，固定时间用", "rep", ""},
		{"frequency: over the label's daily cap", "宝舒平退烧一天可以给孩子喂六次", "rep", "offlabel"},
		{"frequency: within the daily cap", "宝舒平一天喂三次，间隔六小时以上", "rep", ""},
		{"frequency: extra puff", "Brezora: they can take an extra puff at night", "rep", "offlabel"},
		{"note: alternate-day dosing", "肝泰韦两天吃一次也可以，省钱", "rep", "offlabel"},
		{"note: add-on only vs monotherapy", "癫静平单用就够了，其他药可以停", "rep", "offlabel"},
		{"note: add-on as labelled", "癫静平加在原来的药上一起用", "rep", ""},
		{"note: not nebulised", "布瑞舒可以放雾化器给老人吸", "rep", "offlabel"},
		{"note: no rescue use", "布瑞舒喘不上气的时候吸一下就能缓解", "rep", "offlabel"},
		{"note: another drug for rescue", "布瑞舒每天固定吸一次，发作时用短效的急救药", "rep", ""},
		// dose: amount per unit x units a day
		{"dose: units a day times the unit's strength", "安卓维一天涂三袋，每袋50mg", "rep", "offlabel"},
		{"dose: within the maximum", "安卓维一天涂两袋，一袋五十毫克", "rep", ""},
		// population
		{"population: adults for a paediatric product", "宝舒平大人发烧也能喝", "rep", "offlabel"},
		{"population: age-bounded contraindication", "Lunessa给40岁抽烟的女性也可以用", "rep", "offlabel"},
		{"population: outside the contraindication's age", "Lunessa给28岁抽烟的女性也可以用", "rep", ""},
		// names not in the aliases
		{"name: two edits in an eight-letter name", "Fungevax 治灰指甲也可以", "rep", "offlabel"},
		// ae coordination
		{"promotion without a case is not ae", "诺偏安对丛集性头痛也很有效", "rep", "offlabel"},
		{"promotion naming a risk is not ae", "Lunessa 45岁抽烟的也能用，血栓风险很低", "rep", "offlabel"},
		{"revealed promotion with a case stays ae", "你说芬伽维治灰指甲也行，我的病人吃了肝功能异常", "hcp", "ae,offlabel"},
	} {
		if got, res := labelsOf(t, d, Input{Text: tc.text, Speaker: tc.speaker}); got != tc.want {
			t.Errorf("%s: labels = %q, want %q (hits %+v)", tc.name, got, tc.want, res.Hits)
		}
	}
}

// labelsOf classifies one input, checks the result's invariants and
// returns its labels joined.
func labelsOf(t *testing.T, d *Detector, in Input) (string, Result) {
	t.Helper()
	res := d.Classify(in)
	checkResult(t, in.Text, res)
	return strings.Join(res.Labels, ","), res
}

// TestFuzzyNameGuard: a common word one character from a product name is
// not the product (普斯坦 of the dev catalog, male only).
func TestFuzzyNameGuard(t *testing.T) {
	d := devDetector(t)
	for _, text := range []string{"巴基斯坦那边的女性也可以用", "prostate women can also use it"} {
		if got, res := labelsOf(t, d, Input{Text: text, Speaker: "rep"}); got != "" {
			t.Fatalf("%q: labels %q (hits %+v)", text, got, res.Hits)
		}
	}
	if !editWithin("fungevax", "fungavex", 2) || editWithin("fungible", "fungavex", 2) || !editWithin("brezorra", "brezora", 1) {
		t.Fatal("editWithin")
	}
}

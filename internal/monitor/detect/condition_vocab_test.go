package detect

import (
	"os"
	"testing"
)

// TestConditionVocabularyIsShared: a disease added once, as a kind
// "condition" concept, is seen by the off-label indication check (a use no
// approved_use covers) and by the ae reading (a diagnosis after a case
// header, not an event); the same terms without the kind change neither.
func TestConditionVocabularyIsShared(t *testing.T) {
	data, err := os.ReadFile("testdata/generalise/products8.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := ParseCatalog(data)
	if err != nil {
		t.Fatal(err)
	}
	build := func(kind string) *Detector {
		p := DefaultPolicy()
		if kind != "-" {
			p.Concepts = append(p.Concepts, Concept{ID: "palpitations", Kind: kind, Terms: []string{"心悸", "palpitations"}})
		}
		d, err := New(p, cat)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		name string
		in   Input
		// labels without the concept, with it kind-less, with it a condition
		without, plain, condition string
	}{
		{"offlabel: a use no approved_use covers", Input{Text: "芬伽维治心悸也很好", Speaker: "rep"}, "", "", "offlabel"},
		{"offlabel: english", Input{Text: "Fungavex works for palpitations too", Speaker: "rep"}, "", "", "offlabel"},
		{"ae: a diagnosis in a case header is not an event", Input{Text: "患者，女，72岁，心悸，芬伽维在用", Speaker: "hcp"}, "ae", "ae", ""},
		{"ae: after an onset cue it is an event", Input{Text: "患者，女，72岁，芬伽维吃了以后出现心悸", Speaker: "hcp"}, "ae", "ae", "ae"},
	}
	for _, v := range []struct{ kind, col string }{{"-", "without"}, {"", "plain"}, {KindCondition, "condition"}} {
		d := build(v.kind)
		for _, tc := range cases {
			want := map[string]string{"without": tc.without, "plain": tc.plain, "condition": tc.condition}[v.col]
			if got, res := labelsOf(t, d, tc.in); got != want {
				t.Errorf("%s (%s): labels = %q, want %q (hits %+v)", tc.name, v.col, got, want, res.Hits)
			}
		}
	}
}

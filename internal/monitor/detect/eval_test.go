package detect

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// corpusRecord is one labelled message of testdata/monitoring/dev-corpus.jsonl.
type corpusRecord struct {
	ID      string   `json:"id"`
	Lang    string   `json:"lang"`
	Speaker string   `json:"speaker"`
	Text    string   `json:"text"`
	Labels  []string `json:"labels"`
	Why     string   `json:"why"`
	Context []string `json:"context"`
}

func loadCorpus(t testing.TB) []corpusRecord {
	t.Helper()
	return loadCorpusFile(t, "testdata/monitoring/dev-corpus.jsonl")
}

func loadCorpusFile(t testing.TB, path string) []corpusRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r corpusRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func devDetector(t testing.TB) *Detector {
	t.Helper()
	return detectorFor(t, "testdata/monitoring/products.yaml")
}

func detectorFor(t testing.TB, path string) *Detector {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCatalog(data)
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(DefaultPolicy(), c)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// heldOut is the split never tuned on: every fifth id (d005, d010, ...).
func heldOut(id string) bool {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "d"))
	return n%5 == 0
}

type prf struct{ p, r, f float64 }

// score is the README's scoring: per label over messages, 0/0 = 0, macro
// F1 over the four labels, and the share of unlabelled messages left clean.
func score(gold, pred map[string][]string) (map[string]prf, float64, float64) {
	res := map[string]prf{}
	has := func(ls []string, l string) bool {
		for _, x := range ls {
			if x == l {
				return true
			}
		}
		return false
	}
	macro := 0.0
	for _, lab := range Labels {
		tp, fp, fn := 0, 0, 0
		for id, g := range gold {
			ing, inp := has(g, lab), has(pred[id], lab)
			switch {
			case ing && inp:
				tp++
			case inp:
				fp++
			case ing:
				fn++
			}
		}
		var x prf
		if tp+fp > 0 {
			x.p = float64(tp) / float64(tp+fp)
		}
		if tp+fn > 0 {
			x.r = float64(tp) / float64(tp+fn)
		}
		if x.p+x.r > 0 {
			x.f = 2 * x.p * x.r / (x.p + x.r)
		}
		res[lab] = x
		macro += x.f
	}
	clean, n := 0, 0
	for id, g := range gold {
		if len(g) == 0 {
			n++
			if len(pred[id]) == 0 {
				clean++
			}
		}
	}
	cr := 1.0
	if n > 0 {
		cr = float64(clean) / float64(n)
	}
	return res, macro / float64(len(Labels)), cr
}

// TestDevCorpus prints per-label precision/recall/F1 on the tuning and the
// held-out split and fails when quality falls below the floors.
// DETECT_DEBUG=1 lists every miss and false alarm.
func TestDevCorpus(t *testing.T) {
	d := devDetector(t)
	recs := loadCorpus(t)
	if len(recs) != 400 {
		t.Fatalf("corpus has %d records, want 400", len(recs))
	}
	splits := map[string][2]map[string][]string{}
	for _, name := range []string{"tuning", "held-out", "all"} {
		splits[name] = [2]map[string][]string{{}, {}}
	}
	debug := os.Getenv("DETECT_DEBUG") != ""
	for _, r := range recs {
		res := d.Classify(Input{Text: r.Text, Lang: r.Lang, Speaker: r.Speaker})
		checkResult(t, r.Text, res)
		split := "tuning"
		if heldOut(r.ID) {
			split = "held-out"
		}
		for _, s := range []string{split, "all"} {
			splits[s][0][r.ID] = r.Labels
			splits[s][1][r.ID] = res.Labels
		}
		if debug && strings.Join(r.Labels, ",") != strings.Join(res.Labels, ",") {
			var hs []string
			for _, h := range res.Hits {
				hs = append(hs, fmt.Sprintf("%s/%s %q", h.Label, h.Rule, h.Text))
			}
			t.Logf("%s %s gold=%v pred=%v %s | %s", r.ID, r.Speaker, r.Labels, res.Labels, r.Text, strings.Join(hs, "; "))
		}
	}
	floors := map[string]map[string]float64{
		"tuning":   {LabelAE: 0.97, LabelOffLabel: 0.95, LabelBribery: 0.97, LabelPII: 0.97},
		"held-out": {LabelAE: 0.95, LabelOffLabel: 0.95, LabelBribery: 0.95, LabelPII: 0.95},
	}
	for _, name := range []string{"tuning", "held-out", "all"} {
		res, macro, clean := score(splits[name][0], splits[name][1])
		t.Logf("%-8s (%d messages)", name, len(splits[name][0]))
		for _, lab := range Labels {
			x := res[lab]
			t.Logf("  %-8s P=%.3f R=%.3f F1=%.3f", lab, x.p, x.r, x.f)
			if fl, ok := floors[name][lab]; ok && x.f < fl {
				t.Errorf("%s %s F1 %.3f below floor %.3f", name, lab, x.f, fl)
			}
		}
		t.Logf("  macro F1=%.3f clean rate=%.3f", macro, clean)
	}
}

// checkResult asserts the Result invariants: canonical label order, each
// label explained by a hit, no hit outside the labels, spans in range.
func checkResult(t testing.TB, text string, res Result) {
	t.Helper()
	n := len([]rune(text))
	labels := map[string]bool{}
	last := -1
	for _, l := range res.Labels {
		o, ok := labelOrder[l]
		if !ok || o <= last {
			t.Fatalf("labels %v not canonical for %q", res.Labels, text)
		}
		last = o
		labels[l] = true
	}
	seen := map[string]bool{}
	for _, h := range res.Hits {
		if !labels[h.Label] {
			t.Fatalf("hit %+v outside labels %v for %q", h, res.Labels, text)
		}
		if h.Start < 0 || h.End > n || h.Start > h.End {
			t.Fatalf("hit %+v span out of range (%d runes) for %q", h, n, text)
		}
		if string([]rune(text)[h.Start:h.End]) != h.Text {
			t.Fatalf("hit %+v text does not match its span in %q", h, text)
		}
		if h.Rule == "" {
			t.Fatalf("hit %+v has no rule", h)
		}
		seen[h.Label] = true
	}
	for l := range labels {
		if !seen[l] {
			t.Fatalf("label %s has no hit for %q", l, text)
		}
	}
}

// TestGeneraliseCorpus runs a second, smaller corpus with its own invented
// catalog and wording written apart from the dev corpus: a check that the
// conventions, not the dev sentences, were learnt.
func TestGeneraliseCorpus(t *testing.T) {
	for _, tc := range []struct {
		catalog, file string
		floors        map[string]float64
	}{
		{"testdata/generalise/products.yaml", "corpus.jsonl", map[string]float64{LabelAE: 0.90, LabelOffLabel: 0.85, LabelBribery: 0.90, LabelPII: 0.90}},
		{"testdata/generalise/products.yaml", "blind.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/generalise/products.yaml", "blind2.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/monitoring/products.yaml", "blind3.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/monitoring/products.yaml", "blind5.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/generalise/products.yaml", "blind6.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/monitoring/products.yaml", "blind7.jsonl", map[string]float64{LabelOffLabel: 0.85, LabelBribery: 0.85}},
		{"testdata/generalise/products3.yaml", "blind8.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/monitoring/products.yaml", "blind9.jsonl", map[string]float64{LabelAE: 0.80, LabelPII: 0.85}},
		{"testdata/generalise/products3.yaml", "blind10.jsonl", map[string]float64{LabelOffLabel: 0.80, LabelBribery: 0.85}},
		{"testdata/generalise/products.yaml", "blind11.jsonl", map[string]float64{LabelBribery: 0.85}},
		{"testdata/monitoring/products.yaml", "blind12.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/generalise/products.yaml", "blind13.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/monitoring/products.yaml", "blind14.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.6, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/generalise/products3.yaml", "blind15.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/generalise/products.yaml", "blind16.jsonl", map[string]float64{LabelBribery: 0.85}},
		{"testdata/generalise/products4.yaml", "blind17.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
		{"testdata/generalise/products5.yaml", "blind18.jsonl", map[string]float64{LabelOffLabel: 0.85}},
		{"testdata/generalise/products6.yaml", "blind19.jsonl", map[string]float64{LabelAE: 0.95, LabelOffLabel: 0.95, LabelBribery: 0.95, LabelPII: 0.95}},
		{"testdata/generalise/products7.yaml", "blind20.jsonl", map[string]float64{LabelAE: 0.95, LabelOffLabel: 0.95, LabelBribery: 0.95, LabelPII: 0.95}},
		{"testdata/generalise/products8.yaml", "blind21.jsonl", map[string]float64{LabelAE: 0.90, LabelOffLabel: 0.90, LabelBribery: 0.90, LabelPII: 0.90}},
		{"testdata/generalise/products9.yaml", "blind22.jsonl", map[string]float64{LabelAE: 1.00, LabelOffLabel: 0.70, LabelBribery: 1.00, LabelPII: 1.00}},
		{"testdata/generalise/products.yaml", "blind4.jsonl", map[string]float64{LabelAE: 0.85, LabelOffLabel: 0.85, LabelBribery: 0.85, LabelPII: 0.85}},
	} {
		t.Run(tc.file, func(t *testing.T) { generalise(t, tc.catalog, tc.file, tc.floors) })
	}
}

func generalise(t *testing.T, catalog, file string, floors map[string]float64) {
	d := detectorFor(t, catalog)
	recs := loadCorpusFile(t, "testdata/generalise/"+file)
	gold, pred := map[string][]string{}, map[string][]string{}
	debug := os.Getenv("DETECT_DEBUG") != ""
	for _, r := range recs {
		res := d.Classify(Input{Text: r.Text, Lang: r.Lang, Speaker: r.Speaker, Context: r.Context})
		checkResult(t, r.Text, res)
		gold[r.ID], pred[r.ID] = r.Labels, res.Labels
		if debug && strings.Join(r.Labels, ",") != strings.Join(res.Labels, ",") {
			var hs []string
			for _, h := range res.Hits {
				hs = append(hs, fmt.Sprintf("%s/%s %q", h.Label, h.Rule, h.Text))
			}
			t.Logf("%s %s gold=%v pred=%v %s | %s", r.ID, r.Speaker, r.Labels, res.Labels, r.Text, strings.Join(hs, "; "))
		}
	}
	res, macro, clean := score(gold, pred)
	t.Logf("%s (%d messages)", file, len(recs))
	for _, lab := range Labels {
		x := res[lab]
		t.Logf("  %-8s P=%.3f R=%.3f F1=%.3f", lab, x.p, x.r, x.f)
		if x.f < floors[lab] {
			t.Errorf("generalise %s F1 %.3f below floor %.3f", lab, x.f, floors[lab])
		}
	}
	t.Logf("  macro F1=%.3f clean rate=%.3f", macro, clean)
}

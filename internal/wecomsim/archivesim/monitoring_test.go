package archivesim_test

import (
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wecomadmin/internal/wecomsim/archivesim"
)

// TestMonitoringScenarios checks the compliance conversations: every label
// appears, at a low rate, through text and the other carriers, and the
// archive reports the same truth the generator returns.
func TestMonitoringScenarios(t *testing.T) {
	t.Parallel()
	a, truth := archivesim.Generate(keys(), archivesim.Options{Seed: 9, Messages: 2000, Monitoring: archivesim.DefaultMonitoringRate})
	perLabel, flagged, carriers := map[string]int{}, 0, map[string]bool{}
	for _, tr := range truth {
		if len(tr.Labels) == 0 {
			continue
		}
		flagged++
		carriers[tr.MsgType] = true
		for _, l := range tr.Labels {
			perLabel[l]++
		}
	}
	for _, l := range []string{"ae", "offlabel", "bribery", "pii"} {
		if perLabel[l] == 0 {
			t.Errorf("no %s message in 2,000", l)
		}
	}
	if share := float64(flagged) / float64(len(truth)); share > 0.15 || share < 0.01 {
		t.Errorf("flagged share %.3f, want a low rate (1%%–15%%)", share)
	}
	for _, mt := range []string{"text", "voice", "file", "chatrecord"} {
		if !carriers[mt] {
			t.Errorf("no labelled %s message", mt)
		}
	}
	if !carriers["redpacket"] && !carriers["external_redpacket"] {
		t.Error("no labelled red packet")
	}
	got := a.Labels()
	if len(got) != flagged {
		t.Fatalf("archive reports %d labelled messages, generator %d", len(got), flagged)
	}
	// No slot left unfilled in what is archived.
	slot := regexp.MustCompile(`\{[A-Z]+\}`)
	for _, p := range a.Plaintexts() {
		if slot.Match(p) {
			t.Fatalf("unfilled slot in %s", p)
		}
	}
	b, truthB := archivesim.Generate(keys(), archivesim.Options{Seed: 9, Messages: 2000, Monitoring: archivesim.DefaultMonitoringRate})
	if !equalPlain(a.Plaintexts(), b.Plaintexts()) || len(truthB) != len(truth) {
		t.Error("same seed gave a different archive")
	}
}

// TestResidentIDsAreValid: every 18-digit resident ID in a PII message
// carries a valid MOD 11-2 check digit, as the label convention requires.
func TestResidentIDsAreValid(t *testing.T) {
	t.Parallel()
	a, _ := archivesim.Generate(keys(), archivesim.Options{Seed: 4, Messages: 1000, Monitoring: 0.1})
	re := regexp.MustCompile(`身份证号(\d{17}[\dX])`)
	n := 0
	for _, p := range a.Plaintexts() {
		for _, sm := range re.FindAllStringSubmatch(string(p), -1) {
			id := sm[1]
			n++
			if !validID(id) {
				t.Errorf("resident ID %s: bad check digit", id)
			}
		}
	}
	if n == 0 {
		t.Error("no resident ID generated")
	}
}

func validID(id string) bool {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	s := 0
	for i := range 17 {
		s += int(id[i]-'0') * w[i]
	}
	return "10X98765432"[s%11] == id[17]
}

func TestLabelsEndpoint(t *testing.T) {
	t.Parallel()
	a, _ := archivesim.Generate(keys(), archivesim.Options{Seed: 2, Messages: 600, Monitoring: 0.05})
	srv := httptest.NewServer(archivesim.NewServer(a, archivesim.Config{CorpID: "wwc", Secret: "sim"}))
	t.Cleanup(srv.Close)
	res, err := srv.Client().Get(srv.URL + "/sim/archive/labels")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Items []archivesim.Labelled `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	want := a.Labels()
	if len(body.Items) == 0 || len(body.Items) != len(want) {
		t.Fatalf("labels endpoint gave %d items, archive %d", len(body.Items), len(a.Labels()))
	}
	for i, it := range body.Items {
		if it.MsgID != want[i].MsgID || it.MsgType == "" || !slices.Equal(it.Labels, want[i].Labels) || strings.Contains(strings.Join(it.Labels, ","), " ") {
			t.Fatalf("bad item %+v", it)
		}
	}
}

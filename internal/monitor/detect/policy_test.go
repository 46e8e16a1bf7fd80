package detect

import (
	"encoding/json"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestDefaultPolicyRoundTrips(t *testing.T) {
	p := DefaultPolicy()
	for name, enc := range map[string]func(any) ([]byte, error){"json": json.Marshal, "yaml": yaml.Marshal} {
		data, err := enc(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		q, err := ParsePolicy(data)
		if err != nil {
			t.Fatalf("%s: reparse: %v", name, err)
		}
		if q.Version != p.Version || len(q.Rules) != len(p.Rules) || len(q.Lexicons) != len(p.Lexicons) {
			t.Fatalf("%s: round trip lost data", name)
		}
	}
}

func TestParsePolicyNamesTheEntry(t *testing.T) {
	base := string(DefaultPolicyYAML())
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"empty", "", "empty document"},
		{"unknown key", "version: x\nbogus: 1\n", "bogus"},
		{"no version", "windows: {negation: 1}\n", "version is required"},
		{"empty term", strings.Replace(base, "  bribery.placeholder:\n    zh: [", "  bribery.placeholder:\n    zh: [\"\", ", 1), "lexicons.bribery.placeholder.zh[0]: empty term"},
		{"bad star", strings.Replace(base, "  bribery.placeholder:\n    zh: [", "  bribery.placeholder:\n    zh: [现*金, ", 1), "lexicons.bribery.placeholder.zh[0]"},
		{"unknown lexicon", strings.Replace(base, "anchor: bribery.placeholder", "anchor: bribery.nope", 1), `(bribery.placeholder): unknown lexicon "bribery.nope"`},
		{"unknown builtin", strings.Replace(base, `anchor: "@mobile"`, `anchor: "@fax"`, 1), `unknown built-in detector "@fax"`},
		{"bad label", strings.Replace(base, "label: pii\n    anchor: \"@mobile\"", "label: spam\n    anchor: \"@mobile\"", 1), `label "spam"`},
		{"missing lexicon", strings.Replace(base, "  cue.hypothetical_override:", "  cue.hypo_override_renamed:", 1), `"cue.hypothetical_override" is required`},
		{"bad fold", base + "  ab: c\n", "fold[\"ab\"]"},
		{"bad concept kind", strings.Replace(base, "{id: infant, kind: population", "{id: infant, kind: crowd", 1), "concepts[0] (infant): kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseCatalogRefusesBadEntries(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"products: []\n", "no products"},
		{"products:\n  - name: A\n    sex: robot\n", "products[0] (A): sex"},
		{"products:\n  - name: A\n  - name: B\n    aliases: [a]\n", `alias "a" is also used by products[0]`},
		{"products:\n  - name: A\n    colour: red\n", "colour"},
		{`{"products":[{"name":"A","max_daily_dose_mg":-1}]}`, "max_daily_dose_mg"},
	} {
		if _, err := ParseCatalog([]byte(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseCatalog(%q) err = %v, want %q", tc.doc, err, tc.want)
		}
	}
}

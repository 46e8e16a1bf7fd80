package detect

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed policy_default.yaml
var defaultPolicyYAML []byte

// Policy is the versioned, admin-editable data the detectors run on:
// lexicons (zh/en terms, synonyms), proximity windows, negation cues and
// allow-lists. It is data, never code: ParsePolicy reads it from JSON/YAML
// and the same struct marshals back (json or yaml) for the API and the UI.
type Policy struct {
	Version string `json:"version" yaml:"version"`
	// Windows are proximity limits in runes.
	Windows Windows `json:"windows" yaml:"windows"`
	// Fold maps single runes to the rune they are matched as (traditional
	// to simplified characters). Full-width forms and ASCII case are folded
	// by the machinery.
	Fold map[string]string `json:"fold" yaml:"fold"`
	// Lexicons are named term lists; rules and the catalog checks refer to
	// them by name.
	Lexicons map[string]Lexicon `json:"lexicons" yaml:"lexicons"`
	// Rules combine lexicons (and built-in detectors, "@name") into labels.
	Rules []Rule `json:"rules" yaml:"rules"`
	// Concepts are synonym groups used to match the catalog's free-text
	// uses and contraindications by meaning-bearing sub-terms.
	Concepts []Concept `json:"concepts" yaml:"concepts"`
	// Stopwords are dropped from catalog phrases before the remaining
	// chunks are matched literally.
	Stopwords []string `json:"stopwords" yaml:"stopwords"`
	// Notes are label_notes constraints: when a product's label_notes
	// contain one of When, a message term from Violation is off-label.
	Notes []NoteRule `json:"notes" yaml:"notes"`
	// Names configures person-name recognition for pii.
	Names NameConfig `json:"names" yaml:"names"`
	// BriberyMsgTypes are WeCom msgtypes that are always bribery.
	BriberyMsgTypes []string `json:"bribery_msgtypes" yaml:"bribery_msgtypes"`
}

// Windows are the proximity windows, in runes.
type Windows struct {
	Negation     int `json:"negation" yaml:"negation"`
	Hypothetical int `json:"hypothetical" yaml:"hypothetical"`
	Proximity    int `json:"proximity" yaml:"proximity"`
}

// Lexicon is a named list of terms in Chinese and English. A term may hold
// "#" (one or more digits) and end in "*" (prefix of a word); English terms
// match on word boundaries.
type Lexicon struct {
	ZH []string `json:"zh,omitempty" yaml:"zh,omitempty"`
	EN []string `json:"en,omitempty" yaml:"en,omitempty"`
}

// Rule turns lexicon matches into a label. Each anchor match that is not
// negated (Negatable) and not in a hypothetical scope (Hypothetical) fires
// when every Require entry matches ("a|b" means either; Window, when set,
// bounds the distance of the first entry only); Unless vetoes the
// rule for the whole message unless one of Override matches.
type Rule struct {
	ID           string   `json:"id" yaml:"id"`
	Label        string   `json:"label" yaml:"label"`
	Anchor       string   `json:"anchor" yaml:"anchor"`
	Require      []string `json:"require,omitempty" yaml:"require,omitempty"`
	Window       int      `json:"window,omitempty" yaml:"window,omitempty"`
	Negatable    bool     `json:"negatable,omitempty" yaml:"negatable,omitempty"`
	Hypothetical bool     `json:"hypothetical,omitempty" yaml:"hypothetical,omitempty"`
	Unless       []string `json:"unless,omitempty" yaml:"unless,omitempty"`
	// Veto lexicons block the rule for the message whatever else matches
	// ("一切正常", "false alarm").
	Veto []string `json:"veto,omitempty" yaml:"veto,omitempty"`
	// Mask lexicons hide anchor matches they overlap ("住院号" is not "住院").
	Mask []string `json:"mask,omitempty" yaml:"mask,omitempty"`
	// NotBefore lexicons hide anchors they directly follow ("高钾的病人"
	// names a population, not an event).
	NotBefore []string `json:"not_before,omitempty" yaml:"not_before,omitempty"`
	// NotAfter lexicons hide anchors they closely precede in the same clause
	// ("瑞金医院 上海市…路197号" is the hospital's address, not a patient's).
	NotAfter []string `json:"not_after,omitempty" yaml:"not_after,omitempty"`
	Override []string `json:"override,omitempty" yaml:"override,omitempty"`
	Speaker  string   `json:"speaker,omitempty" yaml:"speaker,omitempty"`
}

// Concept is a synonym group. Kind "population" groups carry an age range
// or a sex and are checked against the catalog's limits instead of matched
// as uses. Kind "condition" groups are the policy's one list of diseases:
// the off-label check reads them as indications (matched against
// approved_uses) and the ae reading as diagnoses, not events.
type Concept struct {
	ID     string   `json:"id" yaml:"id"`
	Terms  []string `json:"terms" yaml:"terms"`
	Kind   string   `json:"kind,omitempty" yaml:"kind,omitempty"`
	MinAge *float64 `json:"min_age,omitempty" yaml:"min_age,omitempty"`
	MaxAge *float64 `json:"max_age,omitempty" yaml:"max_age,omitempty"`
	Sex    string   `json:"sex,omitempty" yaml:"sex,omitempty"`
	// Effects are what treating the condition looks like ("lost 4 kg",
	// "尿酸降到"): for a product approved for it, not an adverse event.
	Effects []string `json:"effects,omitempty" yaml:"effects,omitempty"`
}

// Concept kinds.
const (
	KindPopulation = "population"
	KindCondition  = "condition"
)

// NoteRule is one label_notes constraint (route, handling, ...).
type NoteRule struct {
	ID        string   `json:"id" yaml:"id"`
	When      []string `json:"when" yaml:"when"`
	Violation []string `json:"violation" yaml:"violation"`
}

// NameConfig drives person-name recognition.
type NameConfig struct {
	Surnames   string   `json:"surnames" yaml:"surnames"`       // one rune each
	Given      string   `json:"given" yaml:"given"`             // runes common in given names
	EnSurnames []string `json:"en_surnames" yaml:"en_surnames"` // pinyin surnames
	Stop       []string `json:"stop" yaml:"stop"`               // words that look like names
}

// Lexicons the machinery itself reads (besides those named by rules).
var requiredLexicons = []string{
	"cue.negation", "cue.not_negation", "cue.negation_after", "cue.hypothetical", "cue.hypothetical_override",
	"offlabel.decline", "offlabel.override", "offlabel.reveal", "offlabel.promote", "offlabel.anaphor",
	"ae.serious", "dose.raise", "dose.freq2", "dose.freq3", "dose.tablets_a_day", "offlabel.long_term", "pii.own_contact", "pii.record_prefix", "pii.diagnosis", "pii.name_before", "pii.name_after",
}

// DefaultPolicy is the corp-independent policy shipped with the binary.
func DefaultPolicy() *Policy {
	p, err := ParsePolicy(defaultPolicyYAML)
	if err != nil {
		// The embedded file is tested; reaching this is a build defect.
		panic("detect: embedded default policy: " + err.Error())
	}
	return p
}

// DefaultPolicyYAML returns the embedded default policy document.
func DefaultPolicyYAML() []byte { return bytes.Clone(defaultPolicyYAML) }

// ParsePolicy reads a policy in YAML or JSON, strictly (unknown keys are an
// error), and validates it; errors name the entry.
func ParsePolicy(data []byte) (*Policy, error) {
	var p Policy
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("policy: empty document")
	}
	if trimmed[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate checks the policy and names the first bad entry.
func (p *Policy) Validate() error {
	if strings.TrimSpace(p.Version) == "" {
		return errors.New("policy: version is required")
	}
	if p.Windows.Negation < 0 || p.Windows.Hypothetical < 0 || p.Windows.Proximity < 0 {
		return errors.New("policy: windows: negative window")
	}
	for k, v := range p.Fold {
		if len([]rune(k)) != 1 || len([]rune(v)) != 1 {
			return fmt.Errorf("policy: fold[%q]: key and value must be one character each", k)
		}
	}
	names := make([]string, 0, len(p.Lexicons))
	for n := range p.Lexicons {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := validateTerms("lexicons."+n+".zh", p.Lexicons[n].ZH); err != nil {
			return err
		}
		if err := validateTerms("lexicons."+n+".en", p.Lexicons[n].EN); err != nil {
			return err
		}
	}
	for _, n := range requiredLexicons {
		if _, ok := p.Lexicons[n]; !ok {
			return fmt.Errorf("policy: lexicons: %q is required", n)
		}
	}
	seen := map[string]bool{}
	for i, r := range p.Rules {
		if err := p.validateRule(r); err != nil {
			return fmt.Errorf("policy: rules[%d] (%s): %w", i, r.ID, err)
		}
		if seen[r.ID] {
			return fmt.Errorf("policy: rules[%d]: duplicate id %q", i, r.ID)
		}
		seen[r.ID] = true
	}
	for i, c := range p.Concepts {
		where := fmt.Sprintf("concepts[%d] (%s)", i, c.ID)
		if c.ID == "" {
			return fmt.Errorf("policy: concepts[%d]: id is required", i)
		}
		if len(c.Terms) == 0 {
			return fmt.Errorf("policy: %s: no terms", where)
		}
		if err := validateTerms(where+".terms", c.Terms); err != nil {
			return err
		}
		if err := validateTerms(where+".effects", c.Effects); err != nil {
			return err
		}
		switch c.Kind {
		case "", KindPopulation, KindCondition:
		default:
			return fmt.Errorf("policy: %s: kind %q is not population, condition or empty", where, c.Kind)
		}
		if c.Sex != "" && c.Sex != "male" && c.Sex != "female" {
			return fmt.Errorf("policy: %s: sex %q is not male or female", where, c.Sex)
		}
	}
	if err := validateTerms("stopwords", p.Stopwords); err != nil {
		return err
	}
	for i, n := range p.Notes {
		where := fmt.Sprintf("notes[%d] (%s)", i, n.ID)
		if len(n.When) == 0 || len(n.Violation) == 0 {
			return fmt.Errorf("policy: %s: when and violation are required", where)
		}
		if err := validateTerms(where+".when", n.When); err != nil {
			return err
		}
		if err := validateTerms(where+".violation", n.Violation); err != nil {
			return err
		}
	}
	if err := validateTerms("names.stop", p.Names.Stop); err != nil {
		return err
	}
	return validateTerms("names.en_surnames", p.Names.EnSurnames)
}

func (p *Policy) validateRule(r Rule) error {
	if r.ID == "" {
		return errors.New("id is required")
	}
	switch r.Label {
	case LabelAE, LabelBribery, LabelPII, LabelOffLabel:
	default:
		return fmt.Errorf("label %q is not one of ae, offlabel, bribery, pii", r.Label)
	}
	switch r.Speaker {
	case "", "rep", "hcp":
	default:
		return fmt.Errorf("speaker %q is not rep, hcp or empty", r.Speaker)
	}
	if r.Window < 0 {
		return errors.New("negative window")
	}
	refs := append([]string{r.Anchor}, r.Require...)
	refs = append(refs, r.Unless...)
	refs = append(refs, r.Override...)
	refs = append(refs, r.Veto...)
	refs = append(refs, r.Mask...)
	refs = append(refs, r.NotBefore...)
	refs = append(refs, r.NotAfter...)
	for _, ref := range refs {
		for _, alt := range strings.Split(ref, "|") {
			if alt == "" {
				return errors.New("empty lexicon reference")
			}
			if strings.HasPrefix(alt, "@") {
				if !isBuiltin(alt) {
					return fmt.Errorf("unknown built-in detector %q", alt)
				}
				continue
			}
			if _, ok := p.Lexicons[alt]; !ok {
				return fmt.Errorf("unknown lexicon %q", alt)
			}
		}
	}
	return nil
}

func validateTerms(where string, terms []string) error {
	for i, t := range terms {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("policy: %s[%d]: empty term", where, i)
		}
		if strings.Trim(t, "#*") == "" {
			return fmt.Errorf("policy: %s[%d]: term %q has no letters", where, i, t)
		}
		if j := strings.IndexByte(t, '*'); j >= 0 && j != len(t)-1 {
			return fmt.Errorf("policy: %s[%d]: term %q: '*' only at the end", where, i, t)
		}
		if len([]rune(t)) > 64 {
			return fmt.Errorf("policy: %s[%d]: term longer than 64 characters", where, i)
		}
	}
	return nil
}

package detect

import (
	"fmt"
	"sort"
	"strings"
)

// Detector classifies messages under one policy and one product catalog.
// It is safe for concurrent use once built: New compiles every lexicon,
// catalog term and concept into one matcher, Classify only reads.
type Detector struct {
	policy  *Policy
	catalog *Catalog
	norm    *normalizer
	m       *matcher

	lexNames []string       // lexicon id -> name
	lexIDs   map[string]int // name -> lexicon id
	rules    []compiledRule

	// Special lexicon ids for catalog and concept terms.
	lexProduct, lexConcept, lexRaw, lexNote int

	products []productIndex
	concepts []Concept
	raws     []string // raw catalog chunks, by id
	// indication marks concepts that name an approved use of some product.
	indication []bool
	// catalogConcept marks concepts named anywhere in the catalog.
	catalogConcept []bool
	// conceptTerms are the concepts' terms, normalised once.
	conceptTerms [][][]rune
	builtins     *builtins
	names        *nameFinder
	fuzzy        *fuzzyNames
	units        map[rune]bool // dosing units counted per day (offlabel.unit)
	msgTypes     map[string]bool

	// lexicons the machinery reads directly
	negation, notNegation, negAfter, hypo, hypoOverride int
	conjunction                                         int // cue.conjunction, -1 when the policy has none
	ctxMemo                                             *contextMemo
	decline, override, reveal, promote, anaphor         int
	serious, ownContact, recordPrefix                   int
	diagnosis, nameBefore, nameAfter                    int
	ae                                                  aeLex
}

type compiledRule struct {
	Rule
	anchor    []int // lexicon ids (negative: builtin)
	require   [][]int
	unless    []int
	override  []int
	veto      []int
	mask      []int
	notBefore []int
	notAfter  []int
}

// New builds a detector. A nil policy means the default policy; a nil
// catalog means no products (no offlabel hits).
func New(p *Policy, c *Catalog) (*Detector, error) {
	if p == nil {
		p = DefaultPolicy()
	} else if err := p.Validate(); err != nil {
		return nil, err
	}
	if c == nil {
		c = &Catalog{}
	} else if len(c.Products) > 0 {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	d := &Detector{policy: p, catalog: c, norm: newNormalizer(p), m: newMatcher(), lexIDs: map[string]int{},
		ctxMemo: newContextMemo(contextMemoSize)}
	names := make([]string, 0, len(p.Lexicons))
	for n := range p.Lexicons {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		id := len(d.lexNames)
		d.lexNames = append(d.lexNames, n)
		d.lexIDs[n] = id
		lx := p.Lexicons[n]
		for i, t := range append(append([]string{}, lx.ZH...), lx.EN...) {
			d.m.add(id, i, t, d.norm.term(t))
		}
	}
	d.lexProduct = d.addSpecial("@product")
	d.lexConcept = d.addSpecial("@concept")
	d.lexRaw = d.addSpecial("@raw")
	d.lexNote = d.addSpecial("@note")
	for i, r := range p.Rules {
		cr, err := d.compileRule(r)
		if err != nil {
			return nil, fmt.Errorf("detect: rules[%d] (%s): %w", i, r.ID, err)
		}
		d.rules = append(d.rules, cr)
	}
	for _, n := range []struct {
		dst  *int
		name string
	}{
		{&d.negation, "cue.negation"}, {&d.notNegation, "cue.not_negation"}, {&d.negAfter, "cue.negation_after"}, {&d.hypo, "cue.hypothetical"}, {&d.hypoOverride, "cue.hypothetical_override"},
		{&d.decline, "offlabel.decline"}, {&d.override, "offlabel.override"}, {&d.reveal, "offlabel.reveal"},
		{&d.promote, "offlabel.promote"}, {&d.anaphor, "offlabel.anaphor"}, {&d.serious, "ae.serious"},
		{&d.ownContact, "pii.own_contact"}, {&d.recordPrefix, "pii.record_prefix"}, {&d.diagnosis, "pii.diagnosis"},
		{&d.nameBefore, "pii.name_before"}, {&d.nameAfter, "pii.name_after"},
	} {
		*n.dst = d.lexIDs[n.name]
	}
	d.initAE()
	d.conjunction = -1
	if id, ok := d.lexIDs["cue.conjunction"]; ok {
		d.conjunction = id
	}
	d.msgTypes = map[string]bool{}
	for _, t := range p.BriberyMsgTypes {
		d.msgTypes[strings.ToLower(t)] = true
	}
	d.concepts = p.Concepts
	for i, c := range p.Concepts {
		for _, t := range c.Terms {
			d.m.add(d.lexConcept, i, t, d.norm.term(t))
		}
	}
	for i, n := range p.Notes {
		for _, t := range n.Violation {
			d.m.add(d.lexNote, i, t, d.norm.term(t))
		}
	}
	d.indexCatalog()
	d.initEffects()
	d.builtins = newBuiltins()
	d.names = newNameFinder(p.Names, d.norm)
	return d, nil
}

func (d *Detector) addSpecial(name string) int {
	id := len(d.lexNames)
	d.lexNames = append(d.lexNames, name)
	return id
}

func (d *Detector) refs(ref string) ([]int, error) {
	var out []int
	for _, alt := range strings.Split(ref, "|") {
		if strings.HasPrefix(alt, "@") {
			b, ok := builtinIDs[alt]
			if !ok {
				return nil, fmt.Errorf("unknown built-in %q", alt)
			}
			out = append(out, -1-b)
			continue
		}
		id, ok := d.lexIDs[alt]
		if !ok {
			return nil, fmt.Errorf("unknown lexicon %q", alt)
		}
		out = append(out, id)
	}
	return out, nil
}

func (d *Detector) compileRule(r Rule) (compiledRule, error) {
	cr := compiledRule{Rule: r}
	var err error
	if cr.anchor, err = d.refs(r.Anchor); err != nil {
		return cr, err
	}
	for _, q := range r.Require {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.require = append(cr.require, ids)
	}
	for _, q := range r.Unless {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.unless = append(cr.unless, ids...)
	}
	for _, q := range r.Override {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.override = append(cr.override, ids...)
	}
	for _, q := range r.Veto {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.veto = append(cr.veto, ids...)
	}
	for _, q := range r.NotBefore {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.notBefore = append(cr.notBefore, ids...)
	}
	for _, q := range r.NotAfter {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.notAfter = append(cr.notAfter, ids...)
	}
	for _, q := range r.Mask {
		ids, err := d.refs(q)
		if err != nil {
			return cr, err
		}
		cr.mask = append(cr.mask, ids...)
	}
	return cr, nil
}

// Policy returns the policy the detector runs.
func (d *Detector) Policy() *Policy { return d.policy }

// Catalog returns the catalog the detector checks off-label use against.
func (d *Detector) Catalog() *Catalog { return d.catalog }

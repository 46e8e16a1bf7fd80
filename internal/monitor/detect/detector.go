package detect

// Detector classifies messages under one policy and one product catalog.
// It is safe for concurrent use once built.
type Detector struct {
	policy  *Policy
	catalog *Catalog
}

// New builds a detector. A nil catalog means no products (no offlabel hits).
func New(p *Policy, c *Catalog) (*Detector, error) {
	if p == nil {
		p = DefaultPolicy()
	}
	if c == nil {
		c = &Catalog{}
	}
	return &Detector{policy: p, catalog: c}, nil
}

// Classify labels one message. Placeholder until the detectors land.
func (d *Detector) Classify(in Input) Result {
	return Result{Labels: []string{}, Hits: []Hit{}}
}

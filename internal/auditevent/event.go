// Package auditevent holds the one audit event type: what a caller records
// in the audit trail. It is a leaf (it imports nothing internal), so auth,
// which audit imports to read the caller, records the same type as every
// other package; audit.Event is this type.
package auditevent

// Event is what a caller records. The actor comes from the context
// (auth.FromContext, or audit.WithActor for CLI commands and jobs); IP, user
// agent and request id from reqmeta.
type Event struct {
	Action   string // from the catalog in package audit ("resource.verb")
	Target   string // what was acted on: "admin:alice", "conversation:wm123", "export:42"
	CorpID   string
	Outcome  string // Success (default), Failure, Denied
	Reason   string
	Metadata map[string]any // must marshal to a JSON object; never secrets
}

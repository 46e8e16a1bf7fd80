package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"unicode/utf8"

	"wecomadmin/internal/store"
)

// Free text in an audit row often comes from outside (a User-Agent, a
// failed sign-in's username, a path). Every row passes through bound
// before it is stored, so no caller can forget it and one request cannot
// store a megabyte. Limits are in bytes; a cut keeps whole UTF-8 runes and
// says it was cut.
const (
	maxShortField = 128   // ip, corp id, request id, actor type
	maxTextField  = 512   // actor, user agent, target
	maxReason     = 1024  // reason
	maxMetadata   = 16384 // metadata JSON; larger is replaced by its size and hash
)

// truncMark ends a value that was cut.
const truncMark = "…[truncated]"

// Bound cuts s to at most n bytes (whole runes), marking the cut.
func Bound(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len(truncMark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:max(cut, 0)] + truncMark
}

func bound(e *store.AuditEvent) {
	e.IP, e.CorpID, e.RequestID = Bound(e.IP, maxShortField), Bound(e.CorpID, maxShortField), Bound(e.RequestID, maxShortField)
	e.ActorType = Bound(e.ActorType, maxShortField)
	e.Actor, e.UserAgent, e.Target = Bound(e.Actor, maxTextField), Bound(e.UserAgent, maxTextField), Bound(e.Target, maxTextField)
	e.Action, e.Outcome = Bound(e.Action, maxShortField), Bound(e.Outcome, maxShortField)
	e.Reason = Bound(e.Reason, maxReason)
	if len(e.Metadata) > maxMetadata {
		sum := sha256.Sum256([]byte(e.Metadata))
		b, _ := json.Marshal(map[string]any{"truncated": true, "bytes": len(e.Metadata), "sha256": hex.EncodeToString(sum[:])})
		e.Metadata = string(b)
	}
}

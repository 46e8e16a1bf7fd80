package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"wecomadmin/internal/store"
)

// canonical is the hashed form of an entry: every field in a fixed order,
// metadata as the exact stored JSON text. Including the id means a row
// moved to another id no longer matches its hash.
type canonical struct {
	ID        int64  `json:"id"`
	At        int64  `json:"at"`
	Actor     string `json:"actor"`
	ActorType string `json:"actor_type"`
	IP        string `json:"ip"`
	UserAgent string `json:"user_agent"`
	Action    string `json:"action"`
	Target    string `json:"target"`
	CorpID    string `json:"corp_id"`
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason"`
	RequestID string `json:"request_id"`
	Metadata  string `json:"metadata"`
	PrevHash  string `json:"prev_hash"`
}

// Hash computes the SHA-256 of an entry's canonical JSON (prev_hash included).
func Hash(e store.AuditEvent) string {
	b, _ := json.Marshal(canonical{e.ID, e.At, e.Actor, e.ActorType, e.IP, e.UserAgent, e.Action, e.Target, e.CorpID,
		e.Outcome, e.Reason, e.RequestID, e.Metadata, e.PrevHash})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func seal(e *store.AuditEvent) error {
	e.Hash = Hash(*e)
	return nil
}

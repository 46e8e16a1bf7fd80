package search

import (
	"context"
	"strings"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// MaxSuggestQuery bounds the text of a name search.
const MaxSuggestQuery = 64

// Suggest answers the review filters' name pickers: employees, contacts or
// rooms of corpID whose name contains q (or whose id starts with it), inside
// the caller's messages:read scope, so a picker never names someone whose
// conversations the reviewer may not open.
func (s *Service) Suggest(ctx context.Context, corpID, kind, q string, limit int) ([]store.Suggestion, error) {
	ctx = store.ReadReplica(ctx) // may be served by db_read: a second of lag is fine here, writes stay on the primary
	if corpID == "" {
		return nil, invalid("corp is required")
	}
	if kind != "employee" && kind != "contact" && kind != "room" {
		return nil, invalid("kind must be employee, contact or room")
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, invalid("q is required: a part of the name or the start of the id")
	}
	if len([]rune(q)) > MaxSuggestQuery {
		return nil, invalid("q is longer than %d characters", MaxSuggestQuery)
	}
	return s.st.Suggest(ctx, store.SuggestFilter{CorpID: corpID, Kind: kind, Query: q, Limit: limit,
		Scope: auth.ScopeFromContext(ctx, auth.MessagesRead, corpID)})
}

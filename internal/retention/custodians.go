package retention

import (
	"context"
	"fmt"
	"strings"

	"wecomadmin/internal/store"
)

// MaxCustodians bounds the ids one hold may name.
const MaxCustodians = 1000

// checkCustodians refuses a hold naming an employee, contact or room the
// corp knows nowhere (a typo, or an id from another corp): such a hold
// would hold nothing while the list shows it active.
func (s *Service) checkCustodians(ctx context.Context, h store.LegalHold) error {
	if len(h.Employees)+len(h.Contacts)+len(h.Rooms) > MaxCustodians {
		return &InputError{fmt.Sprintf("a hold names at most %d employees, contacts and rooms", MaxCustodians)}
	}
	var bad []string
	for _, l := range []struct {
		kind, label string
		ids         []string
	}{{"employee", "employees", h.Employees}, {"contact", "contacts", h.Contacts}, {"room", "rooms", h.Rooms}} {
		if len(l.ids) == 0 {
			continue
		}
		unknown, err := s.st.UnknownCustodians(ctx, h.CorpID, l.kind, l.ids)
		if err != nil {
			return fmt.Errorf("retention: check hold custodians: %w", err)
		}
		if len(unknown) > 0 {
			bad = append(bad, l.label+" "+strings.Join(unknown, ", "))
		}
	}
	if len(bad) > 0 {
		return &InputError{"no such custodian in this corp (not synced and not in the archive): " + strings.Join(bad, "; ")}
	}
	return nil
}

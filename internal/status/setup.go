package status

import "context"

// Setup is whether a corp has what it needs to run: a corp added without
// its secrets is "not_configured", never shown as healthy.
type Setup struct {
	// State: ok (everything set), incomplete (some missing),
	// not_configured (no secret set at all).
	State   string   `json:"state"`
	Missing []string `json:"missing"` // contacts, app, archive (secrets), archive_key
}

// SetupFunc reports each corp's set-up by corp id (the composition root
// reads the corps' secrets from config and store).
type SetupFunc func(ctx context.Context) (map[string]Setup, error)

// SetSetup sets where corps' set-up comes from; unset, reports carry none.
func (s *Service) SetSetup(f SetupFunc) { s.setupFn = f }

// SetupOf judges a corp's set-up from what it has.
func SetupOf(secrets map[string]bool, archiveKeys int) Setup {
	st := Setup{State: "ok", Missing: []string{}}
	for _, k := range []string{"contacts", "app", "archive"} {
		if !secrets[k] {
			st.Missing = append(st.Missing, k)
		}
	}
	if archiveKeys == 0 {
		st.Missing = append(st.Missing, "archive_key")
	}
	switch {
	case len(st.Missing) == 4:
		st.State = "not_configured"
	case len(st.Missing) > 0:
		st.State = "incomplete"
	}
	return st
}

package contacts

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"wecomadmin/internal/wecom/callback"
)

// runtimeCorps are the callback keys of corps added in the UI; they change
// while the portal runs, unlike the configured ones in byKey/byID.
type runtimeCorps struct {
	mu    sync.RWMutex
	byKey map[string]*corpEntry
	byID  map[string]*corpEntry
}

// SetRuntimeKeys replaces the callback keys of corps added in the UI (a
// corp whose keys changed gets a new crypter). Configured corps keep
// theirs and are skipped here. A corp with a bad key is left out and named
// in the error; the others are applied.
func (s *Service) SetRuntimeKeys(corps []CorpKeys) error {
	byKey, byID := map[string]*corpEntry{}, map[string]*corpEntry{}
	var errs []error
	for _, c := range corps {
		if _, ok := s.byID[c.CorpID]; ok {
			continue
		}
		if _, ok := s.byKey[c.Key]; ok {
			continue
		}
		cr, err := callback.New(c.Token, c.AESKey, c.CorpID)
		if err != nil {
			errs = append(errs, fmt.Errorf("contacts: corp %s callback key: %w", c.Key, err))
			continue
		}
		e := &corpEntry{key: c.Key, corpID: c.CorpID, crypt: cr}
		byKey[c.Key], byID[c.CorpID] = e, e
	}
	s.runtime.mu.Lock()
	s.runtime.byKey, s.runtime.byID = byKey, byID
	s.runtime.mu.Unlock()
	return errors.Join(errs...)
}

// corpByKey finds a corp's callback entry, configured or added in the UI.
func (s *Service) corpByKey(key string) (*corpEntry, bool) {
	if c, ok := s.byKey[key]; ok {
		return c, true
	}
	s.runtime.mu.RLock()
	defer s.runtime.mu.RUnlock()
	c, ok := s.runtime.byKey[key]
	return c, ok
}

// runtimeIDs lists the corp ids of the UI-added corps with callback keys.
func (s *Service) runtimeIDs() []string {
	s.runtime.mu.RLock()
	defer s.runtime.mu.RUnlock()
	return slices.Sorted(maps.Keys(s.runtime.byID))
}

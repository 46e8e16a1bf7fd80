package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

var (
	// ErrCorpName refuses a deletion whose confirmation is not the corp's name.
	ErrCorpName = errors.New("accounts: type the corp's name to delete it")
	// ErrCorpInConfig refuses deleting a corp the config file declares: it
	// would come back at the next start.
	ErrCorpInConfig = errors.New("accounts: the corp is declared in the config file")
)

// corpLabel is what the person deleting a corp types: its name, or its key
// when it has none.
func corpLabel(c store.Corp) string {
	if strings.TrimSpace(c.Name) != "" {
		return strings.TrimSpace(c.Name)
	}
	return c.Key
}

// DeleteCorp removes a corp added in the UI, with its secrets, keys and
// settings, once confirm repeats its name. It is refused, with the reason,
// while the corp has messages, employees, contacts or active legal holds
// (a *store.CorpInUseError naming the counts), and for a corp from the
// config file. Both the deletion and a refusal are audited.
func (s *Service) DeleteCorp(ctx context.Context, ref, confirm string) error {
	c, err := s.corpByRef(ctx, ref)
	if err != nil {
		return err
	}
	if err := auth.RequireInCorp(ctx, auth.CorpsWrite, c.CorpID); err != nil {
		return fmt.Errorf("accounts: delete corp %s: %w", c.CorpID, err)
	}
	meta := map[string]any{"key": c.Key, "name": c.Name}
	refuse := func(err error) error {
		if aerr := s.audit().Record(ctx, audit.Event{Action: audit.CorpDelete, Target: c.CorpID, CorpID: c.CorpID, Outcome: audit.Denied,
			Reason: err.Error(), Metadata: map[string]any{"key": c.Key, "reason": err.Error()}}); aerr != nil {
			return aerr
		}
		return err
	}
	if strings.TrimSpace(confirm) != corpLabel(c) {
		return ErrCorpName
	}
	if c.Source == "config" {
		return refuse(ErrCorpInConfig)
	}
	err = s.Store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Store.DeleteCorp(ctx, c.CorpID); err != nil {
			return err
		}
		return s.audit().Record(ctx, audit.Event{Action: audit.CorpDelete, Target: c.CorpID, CorpID: c.CorpID, Metadata: meta})
	})
	if errors.Is(err, store.ErrCorpInUse) {
		return refuse(err)
	}
	if err != nil {
		return err
	}
	if s.CorpSaved != nil {
		s.CorpSaved(ctx, c.CorpID) // the ingest and client pool let the corp go
	}
	return nil
}

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"wecomadmin/internal/archive"
)

// consentSyncer is the one archive.ConsentSyncer method the job needs.
type consentSyncer interface {
	Sync(ctx context.Context, corpID string) (archive.ConsentResult, error)
}

// syncConsentAll syncs every corp's consent; a failing corp is logged and
// reported with the others' errors after all corps were tried, so one corp
// with a bad secret never holds back the rest.
func syncConsentAll(ctx context.Context, s consentSyncer, corpIDs []string, log *slog.Logger) error {
	var errs []error
	for _, id := range corpIDs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := s.Sync(ctx, id); err != nil {
			log.WarnContext(ctx, "consent sync failed; the other corps go on", "corp_id", id, "err", err)
			errs = append(errs, fmt.Errorf("consent %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

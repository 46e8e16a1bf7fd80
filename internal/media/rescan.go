package media

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
)

// KindRescan names the periodic task that retries files left unscanned.
const KindRescan = "media.rescan"

// Rescan queues a fresh pipeline run for every file of the corps that
// waits unscanned (clamd was down for all its attempts). It does nothing
// when scanning is off. The lead's runner calls it periodically.
func (s *Service) Rescan(ctx context.Context, corpIDs []string) error {
	if s.d.Scanner == nil {
		return nil
	}
	slot := strconv.FormatInt(time.Now().Unix()/3600, 10) // at most one rescan job per file an hour
	for _, corp := range corpIDs {
		var after int64
		for {
			ms, err := s.d.Store.ListMedia(ctx, store.MediaFilter{CorpID: corp, State: StateUnscanned,
				Scope: store.DeptScope{All: true}, AfterID: after, Limit: 200})
			if err != nil {
				return fmt.Errorf("media: rescan %s: %w", corp, err)
			}
			for _, m := range ms {
				_, err := s.d.Jobs.Enqueue(ctx, jobs.NewJob{Kind: KindDownload, CorpID: corp,
					DedupeKey: "media:" + strconv.FormatInt(m.ID, 10) + ":rescan:" + slot, Payload: payload{MediaID: m.ID}})
				if err != nil {
					return fmt.Errorf("media: rescan %d: %w", m.ID, err)
				}
			}
			if len(ms) < 200 {
				break
			}
			after = ms[len(ms)-1].ID
		}
	}
	return nil
}

package app

import "time"

// SetArchiveFollowInterval sets how often a portal not yet serving re-reads
// the archive settings of stored corps (archiveFollowInterval, 10s), so a
// test of the follow waits for a short poll, not for ten seconds each time.
func (a *App) SetArchiveFollowInterval(d time.Duration) {
	if a.archiveFollow != nil {
		a.archiveFollow.every = d
	}
}

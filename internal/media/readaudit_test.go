package media

import (
	"context"
	"testing"
	"time"

	"wecomadmin/internal/auth"
)

// TestRangeReadsAreAudited: every way of asking for the start of a file,
// and any range with no audited read before it, is audited; only a
// player's follow-up after an audited read of the same caller is not
// (finding 4).
func TestRangeReadsAreAudited(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	var l readLog
	for i, h := range []string{"", "bytes=0-", "bytes=-100", "bytes=00-", "bytes= 0-", "bytes=0-0", "bytes=1-",
		"bytes=5-9,0-4", "bytes=1-0", "items=1-", "bytes=x-", "bytes=+1-"} {
		k := "fresh-" + string(rune('a'+i))
		if !l.shouldAudit(k, h, now) {
			t.Errorf("%q as a first read: not audited", h)
		}
	}
	if !l.shouldAudit("alice", "", now) || l.shouldAudit("alice", "bytes=1000-", now.Add(time.Second)) {
		t.Error("a player's follow-up after an audited read should not be audited again")
	}
	for _, h := range []string{"bytes=0-", "bytes=-100", "bytes=00-"} {
		if !l.shouldAudit("alice", h, now.Add(2*time.Second)) {
			t.Errorf("%q after a first read: not audited", h)
		}
	}
	if !l.shouldAudit("alice", "bytes=1000-", now.Add(readWindow+time.Minute)) {
		t.Error("follow-up after the window not audited")
	}
	admin := auth.WithPrincipal(context.Background(), auth.Principal{ID: 7, Kind: auth.KindAdmin})
	token := auth.WithPrincipal(context.Background(), auth.Principal{ID: 7, Kind: auth.KindToken})
	if l.key(admin, 1, Original) == l.key(token, 1, Original) || l.key(admin, 1, Original) == l.key(admin, 1, Playable) {
		t.Error("reads of a token and an admin with the same id, or of two variants, share a key")
	}
}

func FuzzFollowUpRange(f *testing.F) {
	for _, h := range []string{"bytes=1-", "bytes=0-", "bytes=-5", "bytes=1-2,3-4"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		_ = followUpRange(h) // must not panic
	})
}

package store_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestLikeFiltersMatchLiterally: "_" and "%" typed into a filter match
// themselves, not any character (finding 12), on both stores.
func TestLikeFiltersMatchLiterally(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		for _, target := range []string{"user:a_b", "user:axb", "user:50%", "user:500", `user:c\d`} {
			seal := func(e *store.AuditEvent) error {
				e.Hash = fmt.Sprintf("%x", sha256.Sum256([]byte(e.Target)))
				return nil
			}
			if _, err := b.Store.AppendAudit(ctx, store.AuditEvent{At: 1, Actor: "t", ActorType: "system", Action: "x.y",
				Target: target, Outcome: "success", Metadata: "{}"}, seal); err != nil {
				t.Fatal(err)
			}
		}
		for q, want := range map[string]string{"a_b": "user:a_b", "50%": "user:50%", `c\d`: `user:c\d`} {
			es, err := b.Store.ListAudit(ctx, store.AuditFilter{Target: q, Limit: 10})
			if err != nil || len(es) != 1 || es[0].Target != want {
				t.Errorf("target %q: %d rows %v", q, len(es), err)
			}
		}
	})
}

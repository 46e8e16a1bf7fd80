package store_test

import (
	"context"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestRelationTagFilter: the tag filter runs in SQL, so keyset pages hold
// only tagged relations and walk all of them; the tag list counts every
// relation, not a loaded page.
func TestRelationTagFilter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwa", "a")
		for i := 0; i < 25; i++ {
			tag := ""
			switch {
			case i%3 == 0:
				tag = "expo2026"
			case i%3 == 1:
				tag = "web"
			}
			storetest.Exec(t, b.Store, fmt.Sprintf(`INSERT INTO follow_relations (corp_id, userid, external_userid, state, state_tag, updated_at)
				VALUES ('wwa', 'rep', 'wm%02d', 'active', '%s', 1)`, i, tag))
		}
		var got []string
		f := store.RelationFilter{CorpID: "wwa", StateTag: "expo2026", Limit: 4}
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("paging does not end")
			}
			rs, err := b.Store.ListFollowRelations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.StateTag != "expo2026" {
					t.Fatalf("relation %s with tag %q in a filtered page", r.ExternalUserID, r.StateTag)
				}
				got = append(got, r.ExternalUserID)
			}
			if len(rs) < f.Limit {
				break
			}
			f.AfterID = rs[len(rs)-1].ID
		}
		if len(got) != 9 || got[0] != "wm00" || got[8] != "wm24" {
			t.Fatalf("tagged relations over pages: %v", got)
		}
		tags, err := b.Store.RelationTags(ctx, "wwa", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.RelationTag{{Tag: "expo2026", Count: 9}, {Tag: "web", Count: 8}}
		if fmt.Sprint(tags) != fmt.Sprint(want) {
			t.Fatalf("tags %v, want %v", tags, want)
		}
		none := store.DeptScope{Paths: []string{"nowhere"}}
		if tags, err := b.Store.RelationTags(ctx, "wwa", &none, 0); err != nil || len(tags) != 0 {
			t.Fatalf("out-of-scope tags %v %v", tags, err)
		}
	})
}

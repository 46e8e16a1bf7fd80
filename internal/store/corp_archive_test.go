package store_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestCorpArchiveSettingsAndKeys(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwarch", "arch")
		if _, err := st.CorpArchive(ctx, "wwarch"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no setting yet: %v", err)
		}
		// A secret set before any setting creates a disabled one.
		if err := st.TouchCorpArchive(ctx, "wwarch"); err != nil {
			t.Fatal(err)
		}
		a, err := st.CorpArchive(ctx, "wwarch")
		if err != nil || a.Source != "" || a.Revision != 1 {
			t.Fatalf("touched: %+v %v", a, err)
		}
		if err := st.SetCorpArchive(ctx, store.CorpArchive{CorpID: "wwarch", Source: "sim", URL: "http://127.0.0.1:9"}); err != nil {
			t.Fatal(err)
		}
		if err := st.TouchCorpArchive(ctx, "wwarch"); err != nil {
			t.Fatal(err)
		}
		a, err = st.CorpArchive(ctx, "wwarch")
		if err != nil || a.Source != "sim" || a.URL != "http://127.0.0.1:9" || a.Revision != 3 {
			t.Fatalf("set then touched: %+v %v", a, err)
		}

		for _, v := range []int{2, 1} {
			if err := st.AddArchiveKey(ctx, store.ArchiveKey{CorpID: "wwarch", Version: v, Sealed: "sealed", Fingerprint: ""}); err != nil {
				t.Fatal(err)
			}
		}
		err = st.AddArchiveKey(ctx, store.ArchiveKey{CorpID: "wwarch", Version: 2, Sealed: "other"})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate version: %v, want ErrConflict", err)
		}
		if err := st.SetArchiveKeyFingerprint(ctx, "wwarch", 1, "abc"); err != nil {
			t.Fatal(err)
		}
		// A fingerprint once set is not overwritten.
		if err := st.SetArchiveKeyFingerprint(ctx, "wwarch", 1, "zzz"); err != nil {
			t.Fatal(err)
		}
		keys, err := st.ArchiveKeys(ctx, "wwarch")
		if err != nil || len(keys) != 2 {
			t.Fatalf("keys: %+v %v", keys, err)
		}
		if keys[0].Version != 1 || keys[0].Fingerprint != "abc" || keys[1].Version != 2 || keys[1].Sealed != "sealed" || keys[1].AddedAt == 0 {
			t.Fatalf("keys: %+v", keys)
		}
	})
}

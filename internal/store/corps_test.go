package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestMigrateIsIdempotentAndCurrent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		n, err := b.Store.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate: applied %d, err %v; want 0, nil", n, err)
		}
		ok, err := b.Store.Current(ctx)
		if err != nil || !ok {
			t.Fatalf("Current() = %v, %v; want true", ok, err)
		}
	})
}

func TestCorpsRefuseASixth(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		for i := range store.MaxCorps {
			c := store.Corp{CorpID: fmt.Sprintf("wwcorp%d", i), Key: fmt.Sprintf("c%d", i), BaseURL: "http://x"}
			if err := b.Store.UpsertCorp(ctx, c); err != nil {
				t.Fatalf("corp %d: %v", i, err)
			}
		}
		// Updating an existing one is still allowed.
		if err := b.Store.UpsertCorp(ctx, store.Corp{CorpID: "wwcorp0", Key: "c0", Name: "总部", BaseURL: "http://y"}); err != nil {
			t.Fatalf("update: %v", err)
		}
		err := b.Store.UpsertCorp(ctx, store.Corp{CorpID: "wwcorp9", Key: "c9", BaseURL: "http://x"})
		if !errors.Is(err, store.ErrTooManyCorps) {
			t.Fatalf("sixth corp: got %v, want ErrTooManyCorps", err)
		}
		c, err := b.Store.CorpByKey(ctx, "c0")
		if err != nil || c.Name != "总部" || c.BaseURL != "http://y" {
			t.Fatalf("CorpByKey = %+v, %v", c, err)
		}
		if _, err := b.Store.CorpByKey(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing corp: %v", err)
		}
	})
}

func TestParseDSN(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		dialect store.Dialect
		wantErr bool
	}{
		{"sqlite:./data/x.db", store.SQLite, false},
		{"postgres://u:p@h/db", store.Postgres, false},
		{"postgresql://h/db", store.Postgres, false},
		{"sqlite:", "", true},
		{"mysql://u:secret@h/db", "", true},
	}
	for _, c := range cases {
		d, _, err := store.ParseDSN(c.in)
		if (err != nil) != c.wantErr || d != c.dialect {
			t.Errorf("ParseDSN(%q) = %q, %v", c.in, d, err)
		}
		if err != nil && containsSecret(err.Error()) {
			t.Errorf("ParseDSN(%q) error leaks the password: %v", c.in, err)
		}
	}
}

func containsSecret(s string) bool {
	for i := 0; i+6 <= len(s); i++ {
		if s[i:i+6] == "secret" {
			return true
		}
	}
	return false
}

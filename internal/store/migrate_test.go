package store_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestMigrationStatusReportsTheRenderedVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		cur, latest, err := b.Store.MigrationStatus(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if cur != latest || latest < snapshotVersion {
			t.Fatalf("status = %d, %d; want equal and at least %d", cur, latest, snapshotVersion)
		}
	})
}

func TestMigrateRefusesANewerSchema(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.Exec(t, b.Store, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`)
		if _, err := b.Store.Migrate(ctx); !errors.Is(err, store.ErrSchemaTooNew) {
			t.Fatalf("Migrate() err = %v; want ErrSchemaTooNew", err)
		}
		if ok, err := b.Store.Current(ctx); err != nil || ok {
			t.Fatalf("Current() = %v, %v; want false, nil", ok, err)
		}
	})
}

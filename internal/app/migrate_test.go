package app_test

import (
	"context"
	"path/filepath"
	"testing"

	"wecomadmin/internal/app"
	"wecomadmin/internal/config"
	"wecomadmin/internal/store/storetest"
)

func TestMigrateAppliesEveryVersionOnce(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "app.db")
			if kind == "postgres" {
				dsn = storetest.NewPostgresDB(t)
			}
			cfg := config.Config{DB: dsn}
			ctx := context.Background()
			n, v, err := app.Migrate(ctx, cfg)
			if err != nil || n == 0 || v == 0 {
				t.Fatalf("first Migrate = %d, %d, %v; want migrations applied", n, v, err)
			}
			n2, v2, err := app.Migrate(ctx, cfg)
			if err != nil || n2 != 0 || v2 != v {
				t.Fatalf("second Migrate = %d, %d, %v; want 0, %d, nil", n2, v2, err, v)
			}
		})
	}
}

package app

import (
	"context"

	"wecomadmin/internal/config"
)

// Migrate applies pending migrations and reports how many and the version reached.
func Migrate(ctx context.Context, cfg config.Config) (applied int, version int64, err error) {
	st, err := OpenStore(ctx, cfg, nil)
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	if applied, err = st.Migrate(ctx); err != nil {
		return applied, 0, err
	}
	version, _, err = st.MigrationStatus(ctx)
	return applied, version, err
}

package app

import (
	"context"
	"fmt"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/wecom"
)

// Each feature declares the WeCom calls it needs; the client satisfies
// every such port directly.
var (
	_ contacts.WeCom   = (*wecom.Client)(nil)
	_ accounts.WeCom   = (*wecom.Client)(nil)
	_ archive.MsgAudit = (*wecom.Client)(nil)
)

// clientFor finds a corp's client in the pool (configured or added in the
// UI) as the feature's port P.
func clientFor[P any](pool *wecom.Pool) func(ctx context.Context, corpID string) (P, error) {
	return func(ctx context.Context, corpID string) (P, error) {
		var port P
		c, err := pool.ClientFor(ctx, corpID)
		if err != nil {
			return port, err
		}
		port, ok := any(c).(P)
		if !ok {
			return port, fmt.Errorf("app: the WeCom client is no %T", port)
		}
		return port, nil
	}
}

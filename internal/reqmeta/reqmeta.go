// Package reqmeta carries request metadata (request id, client IP, user
// agent) on the context, so the audit trail and logs below the HTTP layer
// can name where an action came from without knowing HTTP.
package reqmeta

import "context"

// Meta describes the request an action belongs to.
type Meta struct {
	RequestID string
	IP        string
	UserAgent string
}

type key struct{}

// With returns ctx carrying m.
func With(ctx context.Context, m Meta) context.Context { return context.WithValue(ctx, key{}, m) }

// From returns the metadata on ctx (zero when none: a CLI or a job).
func From(ctx context.Context) Meta {
	m, _ := ctx.Value(key{}).(Meta)
	return m
}

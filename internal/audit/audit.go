// Package audit is the tamper-evident audit trail: every entry holds the
// SHA-256 of the previous entry and of its own canonical form, appends are
// serialised and join the caller's transaction, verify walks the chain, and
// signed checkpoints prove the chain's head at a date.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"wecomadmin/internal/auditevent"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store"
)

// Event is what a caller records (auditevent.Event, the one event type:
// auth records it too). The actor comes from the context (auth.FromContext,
// or WithActor for CLI commands and jobs); IP, user agent and request id
// from reqmeta.
type Event = auditevent.Event

// Recorder appends to the chain and reads, verifies and exports it.
type Recorder struct {
	st     *store.Store
	log    *slog.Logger
	signer *Signer // nil: checkpoints are not written
	now    func() time.Time
}

// New builds a recorder. signer may be nil.
func New(st *store.Store, log *slog.Logger, signer *Signer) *Recorder {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Recorder{st: st, log: log, signer: signer, now: time.Now}
}

type actorKey struct{}

// WithActor names a non-person actor for entries recorded with ctx, e.g.
// "system:ingest" or "cli:admin-create"; a signed-in caller takes precedence.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorOf is who an entry recorded with ctx names: the signed-in caller, else
// the WithActor name, else "system". Recording fakes in tests use it.
func ActorOf(ctx context.Context) (name, kind string) {
	if p, ok := auth.FromContext(ctx); ok {
		return p.Name, p.Kind
	}
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a, auth.KindSystem
	}
	return "system", auth.KindSystem
}

// Record appends e. When ctx carries a transaction (store.WithTx) the entry
// joins it, so a change and its audit entry commit or roll back together.
// Call it last in the transaction: on PostgreSQL it holds the chain lock
// until commit.
func (r *Recorder) Record(ctx context.Context, e Event) error {
	if e.Action == "" {
		return fmt.Errorf("audit: record: action required")
	}
	if e.Outcome == "" {
		e.Outcome = Success
	}
	meta := "{}"
	if len(e.Metadata) > 0 {
		b, err := json.Marshal(e.Metadata) // map keys marshal sorted: canonical
		if err != nil {
			return fmt.Errorf("audit: record %s: metadata: %w", e.Action, err)
		}
		meta = string(b)
	}
	actor, kind := ActorOf(ctx)
	m := reqmeta.From(ctx)
	row := store.AuditEvent{At: r.now().UnixMilli(), Actor: actor, ActorType: kind, IP: m.IP, UserAgent: m.UserAgent,
		Action: e.Action, Target: e.Target, CorpID: e.CorpID, Outcome: e.Outcome, Reason: e.Reason,
		RequestID: m.RequestID, Metadata: meta}
	bound(&row)
	if _, err := r.st.AppendAudit(ctx, row, seal); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// SetClock replaces the clock (tests).
func (r *Recorder) SetClock(now func() time.Time) { r.now = now }

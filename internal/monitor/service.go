// Package monitor is conversation monitoring's service: it classifies
// messages (internal/monitor/detect) as they are ingested, when their
// transcripts arrive and in retroactive runs, keeps one alert per message
// and label set, and drives each alert through the review queue (open →
// in_review → closed) with assignment, dispositions, notes, four-eyes
// approval of AE closures and the AE clock. Every read and change is
// audited in the transaction that makes it, and department scope applies
// as it does to search: a scoped reviewer sees only alerts on their
// employees' messages, and anything else is simply not found.
package monitor

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// Store is what monitoring needs of the store (*store.Store satisfies it).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	ListCorps(ctx context.Context) ([]store.Corp, error)
	InsertAlert(ctx context.Context, a store.Alert) (store.Alert, bool, error)
	UpdateAlert(ctx context.Context, a store.Alert) error
	AlertByID(ctx context.Context, id int64) (store.Alert, error)
	ListAlerts(ctx context.Context, f store.AlertFilter, limit int) ([]store.Alert, error)
	CountAlerts(ctx context.Context, f store.AlertFilter) (int64, error)
	AddAlertEvent(ctx context.Context, e store.AlertEvent) error
	AlertEvents(ctx context.Context, alertID int64) ([]store.AlertEvent, error)
	AddAlertNote(ctx context.Context, n store.AlertNote) (store.AlertNote, error)
	AlertNotes(ctx context.Context, alertID int64) ([]store.AlertNote, error)
	AddAlertApproval(ctx context.Context, a store.AlertApproval) (store.AlertApproval, error)
	AlertApprovals(ctx context.Context, alertID int64) ([]store.AlertApproval, error)
	AlertsForMessages(ctx context.Context, corpID string, msgids []string) (map[string][]store.AlertRef, error)
	RecomputeAEDue(ctx context.Context, corpID string, dueMS int64, actor string) (int64, error)
	SaveMonitorConfig(ctx context.Context, c store.MonitorConfig) (store.MonitorConfig, error)
	MonitorConfigCurrent(ctx context.Context, corpID, kind string) (store.MonitorConfig, error)
	MonitorConfigVersions(ctx context.Context, corpID, kind string) ([]store.MonitorConfig, error)
	MessageByMsgID(ctx context.Context, corpID, msgid string) (store.Message, error)
	ListMessages(ctx context.Context, f store.MessageFilter, afterID int64, asc bool, limit int) ([]store.Message, error)
	PartyNames(ctx context.Context, corpID string, ids []string) (map[string]store.PartyName, error)
	CountMessages(ctx context.Context, f store.MessageFilter) (int64, error)
}

// Auditor records audit events (audit.Recorder).
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// InputError is a request the caller must fix; its message is safe to show.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func invalid(format string, args ...any) error { return &InputError{fmt.Sprintf(format, args...)} }

// DocumentError is a catalog or policy document that does not parse or
// validate; the message names the entry. The version in force is kept.
type DocumentError struct{ Err error }

func (e *DocumentError) Error() string { return e.Err.Error() }
func (e *DocumentError) Unwrap() error { return e.Err }

// ErrSelfApproval refuses the person who dispositioned an alert approving it.
var ErrSelfApproval = fmt.Errorf("monitor: the person who dispositioned an alert cannot approve it: %w", auth.ErrForbidden)

// ErrState refuses an action the alert's state does not allow (closed, not awaiting approval).
var ErrState = fmt.Errorf("monitor: not allowed in the alert's state: %w", store.ErrConflict)

// Bounds on free text from callers, in runes.
const (
	MaxNote       = 4000
	MaxCaseNumber = 64
	MaxAssignee   = 128
	MaxTestText   = 20000
)

// Options tune the service.
type Options struct {
	Log *slog.Logger
	// ContextMessages is how many earlier messages of a conversation the
	// detectors see (default 3).
	ContextMessages int
}

// Service is the monitoring service.
type Service struct {
	st    Store
	audit Auditor
	log   *slog.Logger
	o     Options
	now   func() time.Time

	mu        sync.Mutex
	detectors map[string]*corpDetector // by corp id, rebuilt when a version changes
	fallback  *detect.Policy           // the boot policy file, nil: the built-in default
	recent    *recentCache             // earlier messages per conversation, for context
	jobs      Enqueuer                 // retroactive runs; nil: refused
	// fence, when set (several replicas), is checked in each QC sample's
	// transaction: a replica that lost the QC task's lease adds none.
	fence func(ctx context.Context) error
	// fake replaces the detectors in this package's tests only.
	fake func(detect.Input) detect.Result
}

// New builds the service.
func New(st Store, a Auditor, o Options) *Service {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.ContextMessages <= 0 {
		o.ContextMessages = 3
	}
	if a == nil {
		a = nopAuditor{} // ingest-only use (benchmarks); every service entry point records through it
	}
	return &Service{st: st, audit: a, log: o.Log, o: o, now: time.Now, detectors: map[string]*corpDetector{},
		recent: newRecentCache(4096, o.ContextMessages)}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) nowMS() int64 { return s.now().UnixMilli() }

// actor names the caller for history and notes ("system" for jobs and ingest).
func actor(ctx context.Context) string {
	if p, ok := auth.FromContext(ctx); ok && p.Name != "" {
		return p.Name
	}
	return "system"
}

// corpRef resolves a corp key or id to the corp; "" picks the only corp.
func (s *Service) corpRef(ctx context.Context, ref string) (store.Corp, error) {
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return store.Corp{}, err
	}
	if ref == "" {
		if len(corps) == 1 {
			return corps[0], nil
		}
		return store.Corp{}, invalid("corp is required when more than one corp is configured")
	}
	for _, c := range corps {
		if c.CorpID == ref || c.Key == ref {
			return c, nil
		}
	}
	return store.Corp{}, fmt.Errorf("monitor: corp %q: %w", ref, store.ErrNotFound)
}

// corpKeys maps corp ids to keys for responses.
func (s *Service) corpKeys(ctx context.Context) (map[string]string, error) {
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(corps))
	for _, c := range corps {
		out[c.CorpID] = c.Key
	}
	return out, nil
}

// allowCorp refuses a signed-in caller without perm over corpID; the
// system (no principal) may act on every corp.
func allowCorp(ctx context.Context, perm auth.Permission, corpID string) error {
	p, ok := auth.FromContext(ctx)
	// Settings are whole-corp; reads reach a department grant's corp and are
	// narrowed by scope (CanInCorp means the whole corp).
	if !ok || p.CanInCorp(perm, corpID) || (perm != auth.SettingsWrite && p.ReachesCorp(perm, corpID)) {
		return nil
	}
	return fmt.Errorf("monitor: corp %s: %w", corpID, auth.ErrForbidden)
}

// scope is the caller's department scope for perm in corpID; the system sees all.
func scope(ctx context.Context, perm auth.Permission, corpID string) store.DeptScope {
	if _, ok := auth.FromContext(ctx); !ok {
		return store.DeptScope{All: true}
	}
	return auth.ScopeFromContext(ctx, perm, corpID)
}

// bound trims s and refuses more than max runes.
func bound(name, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	if n := len([]rune(v)); n > max {
		return "", invalid("%s is %d characters; at most %d", name, n, max)
	}
	return v, nil
}

type nopAuditor struct{}

func (nopAuditor) Record(context.Context, audit.Event) error { return nil }

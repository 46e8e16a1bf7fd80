// Package retention deletes archived messages (with their index entries and
// media) past the age their corp's rules allow, except what a legal hold
// covers or a monitoring alert that is not closed flags (the alert row
// itself is never deleted; a closed one outlives its message), and writes a deletion certificate to the audit trail in the same
// transaction as each deleted batch. The audit table is never touched.
package retention

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strings"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// Store is what retention needs of the store.
type Store interface {
	UpsertRetentionRule(ctx context.Context, r store.RetentionRule) (store.RetentionRule, error)
	UpdateRetentionRule(ctx context.Context, r store.RetentionRule) (store.RetentionRule, error)
	MediaCount(ctx context.Context, corpID string, msgids []string) (int, error)
	DeleteRetentionRule(ctx context.Context, corpID string, id int64) (store.RetentionRule, error)
	RetentionRules(ctx context.Context, corpID string) ([]store.RetentionRule, error)
	SaveLegalHold(ctx context.Context, h store.LegalHold) (store.LegalHold, error)
	LegalHolds(ctx context.Context, corpID, state string) ([]store.LegalHold, error)
	LegalHoldByID(ctx context.Context, corpID string, id int64) (store.LegalHold, error)
	EmployeeDepartments(ctx context.Context, corpID string) (map[string]string, error)
	UnknownCustodians(ctx context.Context, corpID, kind string, ids []string) ([]string, error)
	OpenAlertMsgIDs(ctx context.Context, corpID string, msgids []string) (map[string]bool, error)
	MessagesBefore(ctx context.Context, corpID string, t, afterID int64, limit int) ([]store.Message, error)
	DeleteMessages(ctx context.Context, corpID string, msgs []store.Message) ([]string, error)
	ShrinkConversationCounts(ctx context.Context, corpID string, deleted map[string]int) error
	ListCorps(ctx context.Context) ([]store.Corp, error)
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor records audit events.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// BlobDeleter removes media files.
type BlobDeleter interface {
	Delete(ctx context.Context, key string) error
}

// Options.
type Options struct {
	FloorDays int // shortest rule accepted (default 180)
	Batch     int // messages per transaction (default 1000)
	// Fence, when set, is called in each deleting transaction; an error
	// (with several replicas: this replica lost the sweep's task lease)
	// rolls the batch back, so a stalled replica cannot delete beside the
	// one that took the sweep over.
	Fence func(ctx context.Context) error
}

// Service manages rules and holds and runs the sweep.
type Service struct {
	st    Store
	audit Auditor
	blobs BlobDeleter
	o     Options
	now   func() time.Time
}

// InputError is a request the caller must fix.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// New builds the service.
func New(st Store, a Auditor, blobs BlobDeleter, o Options) *Service {
	if o.FloorDays <= 0 {
		o.FloorDays = 180
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	return &Service{st: st, audit: a, blobs: blobs, o: o, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// allow refuses a signed-in caller without retention:write over corpID;
// the system (no principal: the daily job) may act on every corp.
func allow(ctx context.Context, corpID string) error {
	p, ok := auth.FromContext(ctx)
	if !ok || p.CanInCorp(auth.RetentionWrite, corpID) {
		return nil
	}
	return fmt.Errorf("retention: corp %s: %w", corpID, auth.ErrForbidden)
}

func actor(ctx context.Context) string {
	if p, ok := auth.FromContext(ctx); ok {
		return p.Name
	}
	return "system"
}

// FloorDays is the shortest retention a rule may have.
func (s *Service) FloorDays() int { return s.o.FloorDays }

func (s *Service) checkRule(ctx context.Context, r store.RetentionRule) error {
	if r.CorpID == "" {
		return &InputError{"corp is required"}
	}
	if err := allow(ctx, r.CorpID); err != nil {
		return err
	}
	if r.Days < s.o.FloorDays {
		return &InputError{fmt.Sprintf("retention of %d days is shorter than the floor of %d days", r.Days, s.o.FloorDays)}
	}
	return nil
}

// SetRule creates or replaces the rule for its (msgtype, department);
// shorter than the floor is refused.
func (s *Service) SetRule(ctx context.Context, r store.RetentionRule) (store.RetentionRule, error) {
	return s.saveRule(ctx, r, s.st.UpsertRetentionRule)
}

// UpdateRule changes rule r.ID (msgtype, department, days); the floor holds.
func (s *Service) UpdateRule(ctx context.Context, r store.RetentionRule) (store.RetentionRule, error) {
	return s.saveRule(ctx, r, s.st.UpdateRetentionRule)
}

func (s *Service) saveRule(ctx context.Context, r store.RetentionRule,
	save func(context.Context, store.RetentionRule) (store.RetentionRule, error)) (store.RetentionRule, error) {
	if err := s.checkRule(ctx, r); err != nil {
		return r, err
	}
	r.UpdatedBy = actor(ctx)
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = save(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.RetentionUpdate, Target: fmt.Sprintf("retention_rule:%d", r.ID),
			CorpID: r.CorpID, Metadata: map[string]any{"msgtype": r.MsgType, "department": r.Department, "days": r.Days}})
	})
	return r, err
}

// DeleteRule removes a rule (audited).
func (s *Service) DeleteRule(ctx context.Context, corpID string, id int64) error {
	if err := allow(ctx, corpID); err != nil {
		return err
	}
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.st.DeleteRetentionRule(ctx, corpID, id)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.RetentionUpdate, Target: fmt.Sprintf("retention_rule:%d", id),
			CorpID: corpID, Reason: "deleted", Metadata: map[string]any{"msgtype": r.MsgType, "department": r.Department, "days": r.Days}})
	})
}

// Rules lists a corp's rules.
func (s *Service) Rules(ctx context.Context, corpID string) ([]store.RetentionRule, error) {
	if err := allow(ctx, corpID); err != nil {
		return nil, err
	}
	return s.st.RetentionRules(ctx, corpID)
}

// Holds lists a corp's holds.
func (s *Service) Holds(ctx context.Context, corpID string) ([]store.LegalHold, error) {
	if err := allow(ctx, corpID); err != nil {
		return nil, err
	}
	return s.st.LegalHolds(ctx, corpID, "")
}

// Hold returns one hold.
func (s *Service) Hold(ctx context.Context, corpID string, id int64) (store.LegalHold, error) {
	if err := allow(ctx, corpID); err != nil {
		return store.LegalHold{}, err
	}
	return s.st.LegalHoldByID(ctx, corpID, id)
}

// SaveHold creates (ID 0) or edits an active hold (audited).
func (s *Service) SaveHold(ctx context.Context, h store.LegalHold) (store.LegalHold, error) {
	if h.CorpID == "" || strings.TrimSpace(h.Matter) == "" {
		return h, &InputError{"corp and matter are required"}
	}
	if err := allow(ctx, h.CorpID); err != nil {
		return h, err
	}
	if h.ToTime > 0 && h.FromTime > h.ToTime {
		return h, &InputError{"from is after to"}
	}
	if err := s.checkCustodians(ctx, h); err != nil {
		return h, err
	}
	action := audit.HoldCreate
	if h.ID != 0 {
		old, err := s.st.LegalHoldByID(ctx, h.CorpID, h.ID)
		if err != nil {
			return h, err
		}
		if old.State != "active" {
			return h, &InputError{"a released hold cannot be edited"}
		}
		h.State, h.CreatedBy, h.ReleasedBy, h.ReleasedAt, action = old.State, old.CreatedBy, "", 0, audit.HoldUpdate
	} else {
		h.State, h.CreatedBy, h.ReleasedBy, h.ReleasedAt = "active", actor(ctx), "", 0
	}
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if h, err = s.st.SaveLegalHold(ctx, h); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: action, Target: fmt.Sprintf("legal_hold:%d", h.ID), CorpID: h.CorpID,
			Metadata: map[string]any{"matter": h.Matter, "employees": h.Employees, "contacts": h.Contacts, "rooms": h.Rooms,
				"from": h.FromTime, "to": h.ToTime}})
	})
	return h, err
}

// ReleaseHold ends a hold (audited); what it covered becomes deletable.
func (s *Service) ReleaseHold(ctx context.Context, corpID string, id int64, reason string) (store.LegalHold, error) {
	if err := allow(ctx, corpID); err != nil {
		return store.LegalHold{}, err
	}
	h, err := s.st.LegalHoldByID(ctx, corpID, id)
	if err != nil {
		return h, err
	}
	if h.State != "active" {
		return h, &InputError{"hold is already released"}
	}
	h.State, h.ReleasedBy, h.ReleasedAt = "released", actor(ctx), s.now().UnixMilli()
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if h, err = s.st.SaveLegalHold(ctx, h); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.HoldRelease, Target: fmt.Sprintf("legal_hold:%d", id),
			CorpID: corpID, Reason: reason, Metadata: map[string]any{"matter": h.Matter}})
	})
	return h, err
}

// covers reports whether an active hold covers m.
func covers(h store.LegalHold, m store.Message) bool {
	if (h.FromTime > 0 && m.MsgTime < h.FromTime) || (h.ToTime > 0 && m.MsgTime > h.ToTime) {
		return false
	}
	if len(h.Employees)+len(h.Contacts)+len(h.Rooms) == 0 {
		return true
	}
	party := func(ids []string) bool {
		for _, id := range ids {
			if m.From == id || strings.Contains(m.ToList, `"`+id+`"`) {
				return true
			}
		}
		return false
	}
	return party(h.Employees) || party(h.Contacts) || (m.RoomID != "" && slices.Contains(h.Rooms, m.RoomID))
}

// ruleFor picks the most specific rule: msgtype+department, msgtype,
// department, corp-wide. ok is false when no rule applies (keep forever).
func ruleFor(rules []store.RetentionRule, m store.Message, dept string) (store.RetentionRule, bool) {
	best, score := store.RetentionRule{}, -1
	for _, r := range rules {
		if r.MsgType != "" && r.MsgType != m.MsgType {
			continue
		}
		if r.Department != "" && !(dept == r.Department || strings.HasPrefix(dept, r.Department+"/")) {
			continue
		}
		sc := 0
		if r.MsgType != "" {
			sc += 2
		}
		if r.Department != "" {
			sc++
		}
		if sc > score || (sc == score && len(r.Department) > len(best.Department)) {
			best, score = r, sc
		}
	}
	return best, score >= 0
}

// certificate hashes what one batch deleted.
func certificate(deleted []store.Message) map[string]any {
	var c certifier
	for _, m := range deleted {
		c.add(m)
	}
	return c.metadata()
}

// certifier builds a deletion certificate one message at a time (a month
// partition dropped whole streams its rows through it).
type certifier struct {
	h           hash.Hash
	n           int
	byType      map[string]int
	first, last store.Message
	minT, maxT  int64
}

func (c *certifier) add(m store.Message) {
	if c.n == 0 {
		c.h, c.byType, c.first, c.minT, c.maxT = sha256.New(), map[string]int{}, m, m.MsgTime, m.MsgTime
	}
	raw := sha256.Sum256([]byte(m.Raw + "\x00" + m.Content))
	fmt.Fprintf(c.h, "%s %s %x\n", m.CorpID, m.MsgID, raw)
	c.byType[m.MsgType]++
	c.minT, c.maxT = min(c.minT, m.MsgTime), max(c.maxT, m.MsgTime)
	c.last = m
	c.n++
}

func (c *certifier) metadata() map[string]any {
	return map[string]any{"count": c.n, "by_msgtype": c.byType, "first_msgid": c.first.MsgID,
		"last_msgid": c.last.MsgID, "first_seq": c.first.Seq, "last_seq": c.last.Seq,
		"msgtime_from": c.minT, "msgtime_to": c.maxT, "sha256": hex.EncodeToString(c.h.Sum(nil))}
}

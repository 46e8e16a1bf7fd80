// Package search is conversation review's search service: it parses the
// query (internal/textindex), applies the reviewer's department scope in
// SQL, pages newest-first by cursor, highlights snippets and audits every
// search with its query and filters.
package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/textindex"
)

// Store is what the service needs of the store.
type Store interface {
	SearchMessages(ctx context.Context, q textindex.Query, f store.MessageFilter, limit int) ([]store.Message, error)
	CountSearch(ctx context.Context, q textindex.Query, f store.MessageFilter, bound int) (int, bool, error)
	ListMessages(ctx context.Context, f store.MessageFilter, afterID int64, asc bool, limit int) ([]store.Message, error)
	CountMessagesUpTo(ctx context.Context, f store.MessageFilter, bound int) (int, bool, error)
	ListCorps(ctx context.Context) ([]store.Corp, error)
	IndexMessageText(ctx context.Context, corpID, msgid, extra string) error
	ViewStore
}

// OnTranscript makes a voice or call transcript searchable with its
// message (the media pipeline calls it; in its transaction if ctx has one).
func (s *Service) OnTranscript(ctx context.Context, corpID, msgid, text string) error {
	if err := s.st.IndexMessageText(ctx, corpID, msgid, text); err != nil {
		return fmt.Errorf("search: index transcript of %s: %w", msgid, err)
	}
	return nil
}

// Auditor records audit events.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// InputError is a request the caller must fix; its message is safe to show.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func invalid(format string, a ...any) error { return &InputError{fmt.Sprintf(format, a...)} }

// Limits.
const (
	DefaultLimit = 50
	MaxLimit     = 200
	CountBound   = 10000 // totals are exact up to this, estimated past it (store.CountSearch says how)
)

// Service searches messages.
type Service struct {
	st    Store
	audit Auditor
	gate  MediaGate
}

// MediaGate says whether a media file is served and, if not, why (the media
// service's ServeState), so each file in a thread says what opening it does.
type MediaGate func(corpID string, quarantined bool, scanResult string, stored bool) string

// New builds the service.
func New(st Store, a Auditor) *Service { return &Service{st: st, audit: a} }

// SetMediaGate sets the rule behind each thread file's serve state.
func (s *Service) SetMediaGate(g MediaGate) { s.gate = g }

// Request is one search: the query and the filters of the API.
type Request struct {
	Q      string
	Filter store.MessageFilter // CorpID may be empty when one corp is configured; Scope is set here
	Limit  int
	Cursor string
}

// Hit is one result row.
type Hit struct {
	MsgID          string `json:"msgid"`
	Corp           string `json:"corp"`
	MsgTime        int64  `json:"msgtime"`
	MsgType        string `json:"msgtype"`
	From           string `json:"from"`
	ToList         string `json:"-"`
	RoomID         string `json:"roomid"`
	ConversationID string `json:"conversation_id"`
	HasMedia       int    `json:"has_media"`
	Snippet        string `json:"snippet"`
}

// Result is one page.
type Result struct {
	Items      []Hit  `json:"items"`
	NextCursor string `json:"next_cursor"`
	Total      int    `json:"total"`
	TotalExact bool   `json:"total_exact"`
	// Names maps the senders on this page to display names.
	Names map[string]store.PartyName `json:"names"`
}

// Search runs req for the caller on ctx, audited.
func (s *Service) Search(ctx context.Context, req Request) (Result, error) {
	ctx = store.ReadReplica(ctx) // may be served by db_read: a second of lag is fine here, writes stay on the primary
	listing := strings.TrimSpace(req.Q) == ""
	q, err := textindex.Parse(req.Q)
	switch {
	case listing && !narrowed(req.Filter):
		return Result{}, invalid("give q or at least one filter (employee, contact, room, department, msgtype, time range, media, recalled, consent)")
	case listing:
	case errors.Is(err, textindex.ErrEmptyQuery):
		return Result{}, invalid("q needs at least one term to look for (exclusions alone are not a search)")
	case err != nil:
		return Result{}, invalid("%s", strings.TrimPrefix(err.Error(), "textindex: "))
	}
	f, limit, err := s.prepare(ctx, req)
	if err != nil {
		return Result{}, err
	}
	var rows []store.Message
	if listing {
		rows, err = s.st.ListMessages(ctx, f, 0, false, limit+1)
	} else {
		rows, err = s.st.SearchMessages(ctx, q, f, limit+1)
	}
	if err != nil {
		return Result{}, err
	}
	res := Result{Items: []Hit{}}
	if len(rows) > limit {
		rows = rows[:limit]
		res.NextCursor = strconv.FormatInt(rows[limit-1].ID, 10)
	}
	marks := q.Highlights()
	for _, m := range rows {
		res.Items = append(res.Items, Hit{MsgID: m.MsgID, Corp: m.CorpID, MsgTime: m.MsgTime, MsgType: m.MsgType, From: m.From,
			RoomID: m.RoomID, ConversationID: m.ConversationID, HasMedia: m.HasMedia, Snippet: Snippet(m.Content, marks, 120)})
	}
	if err := s.transcriptSnippets(ctx, res.Items, marks); err != nil {
		return Result{}, err
	}
	if res.Names, err = s.nameHits(ctx, f.CorpID, res.Items); err != nil {
		return Result{}, err
	}
	if req.Cursor == "" && res.NextCursor == "" {
		res.Total, res.TotalExact = len(res.Items), true // the whole result is on this page
	} else {
		cf := f
		cf.BeforeID = 0
		if listing {
			res.Total, res.TotalExact, err = s.st.CountMessagesUpTo(ctx, cf, CountBound)
		} else {
			res.Total, res.TotalExact, err = s.st.CountSearch(ctx, q, cf, CountBound)
		}
		if err != nil {
			return Result{}, err
		}
	}
	err = s.audit.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: "messages", CorpID: f.CorpID,
		Metadata: map[string]any{"q": req.Q, "filters": filterMeta(f), "cursor": req.Cursor, "returned": len(res.Items),
			"total": res.Total, "total_exact": res.TotalExact}})
	if err != nil {
		return Result{}, fmt.Errorf("search: audit: %w", err)
	}
	return res, nil
}

// narrowed reports whether a filter beyond the corp is set, so a search
// without q lists a selection rather than a whole corp's archive by mistake.
func narrowed(f store.MessageFilter) bool {
	return f.Employee != "" || f.Contact != "" || f.RoomID != "" || f.ConversationID != "" || f.Department != "" ||
		len(f.MsgTypes) > 0 || f.From > 0 || f.To > 0 || f.HasMedia != nil || f.Recalled != nil || f.Consent != ""
}

// prepare fills the corp, the caller's scope, the cursor and the limit.
func (s *Service) prepare(ctx context.Context, req Request) (store.MessageFilter, int, error) {
	f := req.Filter
	if f.CorpID == "" {
		corps, err := s.st.ListCorps(ctx)
		if err != nil {
			return f, 0, err
		}
		switch len(corps) {
		case 0:
			return f, 0, invalid("no corp is configured yet: add one in the settings (or in the config file) before searching")
		case 1:
		default:
			return f, 0, invalid("corp is required when more than one corp is configured")
		}
		f.CorpID = corps[0].CorpID
	}
	f.Scope = auth.ScopeFromContext(ctx, auth.MessagesRead, f.CorpID)
	if req.Cursor != "" {
		id, err := strconv.ParseInt(req.Cursor, 10, 64)
		if err != nil || id <= 0 {
			return f, 0, invalid("cursor is not one this API returned")
		}
		f.BeforeID = id
	}
	limit := req.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return f, 0, invalid("limit must be 1..%d", MaxLimit)
	}
	if f.From > 0 && f.To > 0 && f.From > f.To {
		return f, 0, invalid("from is after to")
	}
	return f, limit, nil
}

func filterMeta(f store.MessageFilter) map[string]any {
	m := map[string]any{}
	add := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	add("corp", f.CorpID)
	add("employee", f.Employee)
	add("contact", f.Contact)
	add("room", f.RoomID)
	add("department", f.Department)
	add("consent", f.Consent)
	if len(f.MsgTypes) > 0 {
		m["msgtype"] = f.MsgTypes
	}
	if f.From > 0 {
		m["from"] = f.From
	}
	if f.To > 0 {
		m["to"] = f.To
	}
	if f.HasMedia != nil {
		m["has_media"] = *f.HasMedia
	}
	if f.Recalled != nil {
		m["recalled"] = *f.Recalled
	}
	if !f.Scope.All {
		m["scope"] = f.Scope.Paths
	}
	return m
}

// Package export produces reviewers' exports of conversation content (CSV,
// XLSX, PDF) as jobs: requested in the requester's department scope,
// optionally approved by a second person, generated to a temp file while
// hashing, stored in the blob bucket, downloaded with audit, and expired.
package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"wecomadmin/internal/approval"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/textindex"
)

// JobKind is the jobs kind that generates an export.
const JobKind = "export.generate"

// Store is what exports need of the store.
type Store interface {
	CreateExport(ctx context.Context, e store.Export) (store.Export, error)
	ExportByID(ctx context.Context, id int64) (store.Export, error)
	UpdateExport(ctx context.Context, e store.Export) error
	ListExports(ctx context.Context, corpID string, requesterID int64, limit int) ([]store.Export, error)
	ExportsExpiredBefore(ctx context.Context, t int64) ([]store.Export, error)
	ListCorps(ctx context.Context) ([]store.Corp, error)
	SearchMessages(ctx context.Context, q textindex.Query, f store.MessageFilter, limit int) ([]store.Message, error)
	ListMessages(ctx context.Context, f store.MessageFilter, afterID int64, asc bool, limit int) ([]store.Message, error)
	Recalls(ctx context.Context, corpID string, msgids []string) (map[string]store.Message, error)
	DisplayNames(ctx context.Context, corpID string, ids []string) (map[string]string, error)
	CountMessages(ctx context.Context, f store.MessageFilter) (int64, error)
	CountSearch(ctx context.Context, q textindex.Query, f store.MessageFilter, bound int) (int, bool, error)
	MediaRefs(ctx context.Context, corpID string, msgids []string) (map[string][]store.MediaRef, error)
	MessageTranscriptText(ctx context.Context, corpID, msgid string) (string, error)
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Enqueuer queues jobs (jobs.Runner).
type Enqueuer interface {
	Enqueue(ctx context.Context, j jobs.NewJob) (int64, error)
}

// Options configure exports.
type Options struct {
	TTL      time.Duration // how long a file stays downloadable (default 7 days)
	FontPath string        // TrueType CJK font for PDF (default gbsn00lp.ttf)
	TempDir  string        // where files are built before upload ("" = os.TempDir)
	// PDFVolumeRows is the number of messages per PDF volume (default
	// DefaultVolumeRows); a longer transcript is delivered as volumes in a ZIP.
	PDFVolumeRows int
}

// DefaultFont is Debian fonts-arphic-gbsn00lp's TrueType font.
const DefaultFont = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"

// Service runs exports.
type Service struct {
	st        Store
	bucket    blob.Bucket
	jobs      Enqueuer
	approvals *approval.Service
	audit     approval.Recorder
	o         Options
	now       func() time.Time
}

// New builds the service; register its job with Register.
func New(st Store, bucket blob.Bucket, q Enqueuer, approvals *approval.Service, rec approval.Recorder, o Options) *Service {
	if o.TTL <= 0 {
		o.TTL = 7 * 24 * time.Hour
	}
	if o.PDFVolumeRows <= 0 {
		o.PDFVolumeRows = DefaultVolumeRows
	}
	if o.FontPath == "" {
		o.FontPath = DefaultFont
	}
	return &Service{st: st, bucket: bucket, jobs: q, approvals: approvals, audit: rec, o: o, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Register adds the generate job to a runner.
func (s *Service) Register(r interface {
	Register(kind string, h jobs.Handler, p jobs.Policy)
}) {
	r.Register(JobKind, s.generateJob, jobs.Policy{MaxAttempts: 3, Timeout: 2 * time.Hour, Concurrency: 1})
}

// InputError is a request the caller must fix.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// ErrExpired: the export's file is gone.
var ErrExpired = errors.New("export: expired")

// ErrNotReady: the export has no file yet.
var ErrNotReady = errors.New("export: not ready")

// Params is what is exported: a search (Q + Filter) or whole conversations.
type Params struct {
	Q               string              `json:"q,omitempty"`
	Filter          store.MessageFilter `json:"filter"`
	ConversationIDs []string            `json:"conversation_ids,omitempty"`
	WithMedia       bool                `json:"with_media,omitempty"` // a ZIP: the transcript, clean media files, manifest
	Layout          string              `json:"layout,omitempty"`     // XLSX: single (default) or per_conversation
	Matter          string              `json:"matter,omitempty"`     // printed on every file (default: the request's reason)
	Lang            string              `json:"lang,omitempty"`       // headers, labels and cover: zh-CN (default) or en
}

// Request is a new export.
type Request struct {
	CorpID string
	Format string // csv, xlsx, pdf
	Params Params
	Reason string
}

var formats = []string{"csv", "xlsx", "pdf"}

// Request files an export in the caller's scope: queued at once, or held
// for a second person's approval when the corp's export_approval is on.
func (s *Service) Request(ctx context.Context, r Request) (store.Export, error) {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return store.Export{}, auth.ErrUnauthenticated
	}
	if !slices.Contains(formats, r.Format) {
		return store.Export{}, &InputError{"format must be csv, xlsx or pdf"}
	}
	if r.Params.Layout != "" && r.Params.Layout != LayoutSingle && r.Params.Layout != LayoutPerConversation {
		return store.Export{}, &InputError{"layout must be single or per_conversation"}
	}
	if r.Params.Matter == "" {
		r.Params.Matter = r.Reason
	}
	if r.Params.Lang != "" && r.Params.Lang != LangZH && r.Params.Lang != LangEN {
		return store.Export{}, &InputError{"lang must be zh-CN or en"}
	}
	source := "search"
	switch {
	case len(r.Params.ConversationIDs) > 0 && r.Params.Q != "":
		return store.Export{}, &InputError{"export either a search (q) or conversations, not both"}
	case len(r.Params.ConversationIDs) > 0:
		source = "conversations"
	case r.Params.Q != "": // empty q: every message the filter selects
		if _, err := textindex.Parse(r.Params.Q); err != nil {
			return store.Export{}, &InputError{"q: " + err.Error()}
		}
	}
	settings, err := s.corpSettings(ctx, r.CorpID)
	if err != nil {
		return store.Export{}, err
	}
	scope := auth.ScopeFor(p, auth.ExportsCreate, r.CorpID)
	if !scope.All && len(scope.Paths) == 0 {
		return store.Export{}, fmt.Errorf("export: request in %s: %w", r.CorpID, auth.ErrForbidden)
	}
	r.Params.Filter.CorpID, r.Params.Filter.Scope, r.Params.Filter.BeforeID = r.CorpID, store.DeptScope{}, 0
	pj, _ := json.Marshal(r.Params)
	sj, _ := json.Marshal(scope)
	e := store.Export{CorpID: r.CorpID, Format: r.Format, Source: source, Params: string(pj), Scope: string(sj),
		RequestedBy: p.Name, RequestedByID: p.ID, RequestedByKind: p.Kind, State: "queued"}
	if approval.Required(settings) {
		var pm map[string]any
		_ = json.Unmarshal(pj, &pm)
		a, err := s.approvals.Request(ctx, approval.Request{CorpID: r.CorpID, Kind: "messages." + r.Format, Params: pm,
			Departments: scope.Paths, Reason: r.Reason}) // audited as export.request
		if err != nil {
			return store.Export{}, err
		}
		e.State, e.ApprovalID = "pending_approval", a.ID
		return s.st.CreateExport(ctx, e)
	}
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if e, err = s.st.CreateExport(ctx, e); err != nil {
			return err
		}
		if err := s.enqueue(ctx, &e); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.ExportRequest, Target: fmt.Sprintf("export:%d", e.ID),
			CorpID: r.CorpID, Reason: r.Reason, Metadata: map[string]any{"format": r.Format, "params": json.RawMessage(pj)}})
	})
	return e, err
}

func (s *Service) enqueue(ctx context.Context, e *store.Export) error {
	id, err := s.jobs.Enqueue(ctx, jobs.NewJob{Kind: JobKind, CorpID: e.CorpID, DedupeKey: fmt.Sprintf("export-%d", e.ID),
		Payload: map[string]int64{"export_id": e.ID}})
	if err != nil {
		return fmt.Errorf("export: enqueue %d: %w", e.ID, err)
	}
	e.JobID, e.State = id, "queued"
	return s.st.UpdateExport(ctx, *e)
}

// Decide approves (queues) or rejects a pending export; the approver must
// not be the requester (approval.ErrSelfApproval). Audited by approval.
func (s *Service) Decide(ctx context.Context, id int64, approve bool, note string) (store.Export, error) {
	e, err := s.st.ExportByID(ctx, id)
	if err != nil {
		return store.Export{}, err
	}
	if e.State != "pending_approval" {
		return store.Export{}, &InputError{"export is not waiting for approval (state " + e.State + ")"}
	}
	if _, err := s.approvals.Decide(ctx, e.ApprovalID, approve, note); err != nil {
		return store.Export{}, err
	}
	if !approve {
		e.State = "rejected"
		return e, s.st.UpdateExport(ctx, e)
	}
	return e, s.enqueue(ctx, &e)
}

// Get returns an export the caller may see: their own, or any with
// exports:approve over the corp.
func (s *Service) Get(ctx context.Context, id int64) (store.Export, error) {
	e, err := s.st.ExportByID(ctx, id)
	if err != nil {
		return store.Export{}, err
	}
	if !s.mayView(ctx, e) {
		return store.Export{}, fmt.Errorf("export %d: %w", id, store.ErrNotFound)
	}
	return e, nil
}

// isRequester compares kind and id: tokens and admins share id numbers, so
// a token named like a person must not pass for them. Rows from before the
// kind was kept were all requested by admins.
func isRequester(p auth.Principal, e store.Export) bool {
	kind := e.RequestedByKind
	if kind == "" {
		kind = auth.KindAdmin
	}
	return p.SameAs(kind, e.RequestedByID)
}

func (s *Service) mayView(ctx context.Context, e store.Export) bool {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return false
	}
	if isRequester(p, e) {
		return true
	}
	sc := auth.ScopeFor(p, auth.ExportsApprove, e.CorpID)
	return sc.All
}

// List returns the caller's exports in a corp (all of them for approvers).
func (s *Service) List(ctx context.Context, corpID string) ([]store.Export, error) {
	p, ok := auth.FromContext(ctx)
	if !ok {
		return nil, auth.ErrUnauthenticated
	}
	all, err := s.st.ListExports(ctx, corpID, 0, 200)
	if err != nil {
		return nil, err
	}
	out := []store.Export{}
	for _, e := range all {
		if isRequester(p, e) || auth.ScopeFor(p, auth.ExportsApprove, e.CorpID).All {
			out = append(out, e)
		}
	}
	return out, nil
}

// Download opens the file of a done export for its requester, audited.
func (s *Service) Download(ctx context.Context, id int64) (blob.Object, store.Export, error) {
	e, err := s.st.ExportByID(ctx, id)
	if err != nil {
		return nil, store.Export{}, err
	}
	p, _ := auth.FromContext(ctx)
	target := fmt.Sprintf("export:%d", id)
	if !isRequester(p, e) {
		_ = s.audit.Record(ctx, audit.Event{Action: audit.ExportDownload, Target: target, CorpID: e.CorpID, Outcome: audit.Denied,
			Reason: "only the requester downloads an export"})
		return nil, store.Export{}, fmt.Errorf("export %d: %w", id, auth.ErrForbidden)
	}
	switch {
	case e.State == "expired" || (e.ExpiresAt > 0 && e.ExpiresAt <= s.now().UnixMilli()):
		return nil, store.Export{}, ErrExpired
	case e.State != "done":
		return nil, store.Export{}, ErrNotReady
	}
	obj, err := s.bucket.Open(ctx, e.BlobKey)
	if err != nil {
		return nil, store.Export{}, fmt.Errorf("export: open %d: %w", id, err)
	}
	if err := s.audit.Record(ctx, audit.Event{Action: audit.ExportDownload, Target: target, CorpID: e.CorpID,
		Metadata: map[string]any{"sha256": e.SHA256, "size": e.Size}}); err != nil {
		_ = obj.Close()
		return nil, store.Export{}, err
	}
	return obj, e, nil
}

// ExpireDue deletes the files of exports past their expiry (run it
// periodically); each expiry is audited with the deleted file's hash.
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	ctx = audit.WithActor(ctx, "system:export")
	due, err := s.st.ExportsExpiredBefore(ctx, s.now().UnixMilli())
	if err != nil {
		return 0, err
	}
	for _, e := range due {
		if err := s.bucket.Delete(ctx, e.BlobKey); err != nil && !errors.Is(err, blob.ErrNotFound) {
			return 0, fmt.Errorf("export: expire %d: %w", e.ID, err)
		}
		e.State = "expired"
		err := s.st.WithTx(ctx, func(ctx context.Context) error {
			if err := s.st.UpdateExport(ctx, e); err != nil {
				return err
			}
			return s.audit.Record(ctx, audit.Event{Action: audit.ExportExpire, Target: fmt.Sprintf("export:%d", e.ID),
				CorpID: e.CorpID, Reason: "expired", Metadata: map[string]any{"sha256": e.SHA256, "size": e.Size,
					"blob_key": e.BlobKey, "expires_at": e.ExpiresAt}})
		})
		if err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

func (s *Service) corpSettings(ctx context.Context, corpID string) (string, error) {
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range corps {
		if c.CorpID == corpID {
			return c.Settings, nil
		}
	}
	return "", &InputError{"unknown corp " + corpID}
}

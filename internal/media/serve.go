package media

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/store"
)

var (
	// ErrQuarantined: the file is infected; nobody may open it.
	ErrQuarantined = errors.New("media: quarantined")
	// ErrUnscanned: a scanner is configured and has not passed the file yet
	// (downloaded but not scanned, clamd unreachable, scan error).
	ErrUnscanned = errors.New("media: not scanned clean yet")
	// ErrScanningOff: no scanner is configured and the corp does not serve
	// unscanned files.
	ErrScanningOff = errors.New("media: malware scanning is off")
	// ErrNotReady: the file (or the variant asked for) does not exist yet.
	ErrNotReady = errors.New("media: not available yet")
)

// Variant is which file of a media item to open.
type Variant int

const (
	Original  Variant = iota // the file as sent
	Playable                 // browser-playable audio (Opus, or the MP3 itself)
	Thumbnail                // image thumbnail or video poster (JPEG)
)

// Opened is an object ready to serve. The caller closes Object.
type Opened struct {
	Media       store.Media
	Object      blob.Object
	ContentType string
	Unscanned   bool // served without a scan because the corp allows it: say so
}

// scopeOf is the caller's media:read scope in a corp.
func scopeOf(ctx context.Context) func(string) store.DeptScope {
	return func(corpID string) store.DeptScope { return auth.ScopeFromContext(ctx, auth.MediaRead, corpID) }
}

// Get returns a media row the caller may see (else store.ErrNotFound).
func (s *Service) Get(ctx context.Context, id int64) (store.Media, error) {
	return s.d.Store.GetMediaScoped(ctx, id, scopeOf(ctx))
}

// List returns the corp's media the caller may see, newest first.
func (s *Service) List(ctx context.Context, corpID, state string, afterID int64, limit int) ([]store.Media, error) {
	return s.d.Store.ListMedia(ctx, store.MediaFilter{CorpID: corpID, State: state, AfterID: afterID, Limit: limit,
		Scope: auth.ScopeFromContext(ctx, auth.MediaRead, corpID)})
}

// Open checks that the caller may see the item and that it is safe to
// serve, records the read in the audit trail (a player's follow-up Range
// request, judged from the parsed rangeHeader, is not each a new read; see
// readaudit.go; denials are always recorded), and opens the variant.
func (s *Service) Open(ctx context.Context, id int64, v Variant, rangeHeader string) (*Opened, error) {
	m, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	action := audit.MediaDownload
	if v != Original {
		action = audit.MediaPlay
	}
	unscanned, err := s.servable(m)
	if err != nil {
		s.record(ctx, m, action, audit.Denied, err.Error())
		return nil, err
	}
	key, ct := m.BlobKey, m.ContentType
	switch v {
	case Playable:
		key, ct = m.PlayableKey, m.PlayableType
	case Thumbnail:
		key, ct = m.ThumbKey, "image/jpeg"
	}
	if key == "" {
		return nil, ErrNotReady
	}
	obj, err := s.d.Blob.Open(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("media: open %d: %w", id, err)
	}
	if s.reads.shouldAudit(s.reads.key(ctx, id, v), rangeHeader, time.Now()) {
		if err := s.record(ctx, m, action, audit.Success, ""); err != nil {
			obj.Close()
			return nil, err
		}
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	return &Opened{Media: m, Object: obj, ContentType: ct, Unscanned: unscanned}, nil
}

// Serve states: whether a file is served and, when it is not, why. The UI
// shows the state on each file, so what it says is what serving does.
const (
	ServeOK        = "ok"        // scanned clean
	ServeUnscanned = "unscanned" // no scanner configured, the corp serves unscanned files: served, flagged
	ServeScanWait  = "scan_wait" // a scanner is configured and has not passed the file (yet): not served
	ServeScanOff   = "scan_off"  // no scanner configured, the corp does not serve unscanned files
	ServeBlocked   = "blocked"   // infected: quarantined, never served
	ServeNotReady  = "not_ready" // not stored (yet): pending, failed, expired...
)

// ServeState is the scan gate, one rule for serving a file and for what
// the thread shows on it. allow_unscanned is honoured only while no scanner
// is configured: with clamd configured, a file is served only once clamd
// has passed it, so an unreachable clamd never opens the gate.
func (s *Service) ServeState(corpID string, quarantined bool, scanResult string, stored bool) string {
	switch {
	case quarantined || scanResult == "infected":
		return ServeBlocked
	case !stored:
		return ServeNotReady
	case scanResult == "clean":
		return ServeOK
	case s.d.Scanner != nil:
		return ServeScanWait
	case s.d.Corp(corpID).AllowUnscanned:
		return ServeUnscanned
	}
	return ServeScanOff
}

// ScanningOn reports whether a malware scanner is configured.
func (s *Service) ScanningOn() bool { return s.d.Scanner != nil }

// servable applies the scan gate of ServeState.
func (s *Service) servable(m store.Media) (unscanned bool, err error) {
	switch s.ServeState(m.CorpID, m.Quarantined, m.ScanResult, m.BlobKey != "") {
	case ServeOK:
		return false, nil
	case ServeUnscanned:
		return true, nil
	case ServeBlocked:
		return false, ErrQuarantined
	case ServeNotReady:
		return false, ErrNotReady
	case ServeScanOff:
		return false, ErrScanningOff
	}
	return false, ErrUnscanned
}

// Transcript returns the newest transcript of an item the caller may see.
func (s *Service) Transcript(ctx context.Context, id int64) (store.Transcript, error) {
	m, err := s.Get(ctx, id)
	if err != nil {
		return store.Transcript{}, err
	}
	if m.Quarantined {
		return store.Transcript{}, ErrQuarantined
	}
	t, err := s.d.Store.LatestTranscript(ctx, id)
	if err != nil {
		return store.Transcript{}, err
	}
	return t, s.record(ctx, m, audit.MediaTranscript, audit.Success, "")
}

func (s *Service) record(ctx context.Context, m store.Media, action, outcome, reason string) error {
	if s.d.Audit == nil {
		return nil
	}
	err := s.d.Audit.Record(ctx, audit.Event{Action: action, Target: "media:" + strconv.FormatInt(m.ID, 10),
		CorpID: m.CorpID, Outcome: outcome, Reason: reason, Metadata: map[string]any{"msgid": m.MsgID}})
	if err != nil {
		return fmt.Errorf("media: audit: %w", err)
	}
	return nil
}

// Package media is the media pipeline: a durable job per file downloads it
// in chunks from the archive source (md5 checked, SHA-256 content-addressed
// into the blob store), scans it with clamd before anyone can open it,
// makes voice playable and transcribes it, and serves it to the roles and
// department scopes allowed to see its message.
package media

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/media/audio"
	"wecomadmin/internal/media/scan"
	"wecomadmin/internal/media/stt"
	"wecomadmin/internal/store"
)

// KindDownload is the job kind of one media file's pipeline run.
const KindDownload = "media.download"

// States of a media row (DESIGN: pending → downloading → downloaded →
// scanned(clean|infected) → converted → transcribed, plus failures).
const (
	StatePending     = "pending"
	StateDownloading = "downloading"
	StateDownloaded  = "downloaded"
	StateClean       = "clean"
	StateInfected    = "infected"
	StateUnscanned   = "unscanned" // clamd unreachable; waits, served only where the corp allows
	StateConverted   = "converted"
	StateTranscribed = "transcribed"
	StateFailed      = "failed"  // attempts used up or an unfixable error; last_error says why
	StateExpired     = "expired" // SDK 10010: WeCom no longer has the file
	StateCorrupt     = "corrupt" // md5 never matched
	StateTooLarge    = "too_large"
)

// Store is what the pipeline needs from the store; *store.Store has it.
type Store interface {
	InsertMedia(ctx context.Context, m store.Media) (int64, bool, error)
	GetMedia(ctx context.Context, id int64) (store.Media, error)
	GetMediaScoped(ctx context.Context, id int64, scopeOf func(corpID string) store.DeptScope) (store.Media, error)
	ListMedia(ctx context.Context, f store.MediaFilter) ([]store.Media, error)
	UpdateMedia(ctx context.Context, m store.Media) error
	InsertTranscript(ctx context.Context, t store.Transcript) (int64, error)
	LatestTranscript(ctx context.Context, mediaID int64) (store.Transcript, error)
}

// Jobs is the job runtime: *jobs.Runner.
type Jobs interface {
	Register(kind string, h jobs.Handler, p jobs.Policy)
	Enqueue(ctx context.Context, j jobs.NewJob) (int64, error)
}

// Auditor records audit events: *audit.Recorder.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// CorpSettings are one corp's media settings.
type CorpSettings struct {
	AllowUnscanned bool       // serve files clamd could not scan, flagged
	Language       string     // speech language (zh-CN default)
	STT            stt.Engine // nil: no transcription
	Vocabulary     []string   // offline engine's words
	// TranscribeAllAudio: besides voice messages (always transcribed, as the
	// seed asks), meeting_voice_call recordings and other audio are
	// transcribed too. Off by default; the corp turns it on in its settings.
	TranscribeAllAudio bool
}

// transcribes reports whether m is to be transcribed under cs.
func (cs CorpSettings) transcribes(m *store.Media) bool {
	return cs.STT != nil && (m.Kind == "voice" || cs.TranscribeAllAudio)
}

// Options tune the pipeline.
type Options struct {
	Policy      jobs.Policy // retries of a failed attempt (from config media.*)
	MaxSize     int64       // bytes; 0 = unlimited
	Concurrency int         // downloads at once per corp (default 2)
	TempDir     string      // spool directory ("" = OS temp)
	ChunkRetry  ChunkRetry
}

// Deps are the pipeline's collaborators. Scanner, Audio and STT may be nil
// (scanning off: files wait unscanned; no conversion; no transcripts).
type Deps struct {
	Store   Store
	Jobs    Jobs
	Blob    blob.Bucket
	Source  func(corpID string) (Fetcher, error)
	Scanner scan.Scanner
	Audio   *audio.Converter
	Corp    func(corpID string) CorpSettings
	Audit   Auditor
	Log     *slog.Logger
	Metrics prometheus.Registerer
	// OnTranscript, when set, adds a transcript to the message's searchable
	// text (the lead wires it to the search index).
	OnTranscript func(ctx context.Context, corpID, msgid, text string) error
}

// Service is the media pipeline and its read side.
type Service struct {
	d       Deps
	o       Options
	mu      sync.Mutex
	slots   map[string]chan struct{} // per-corp download slots
	outcome *prometheus.CounterVec
	reads   readLog // recent audited reads, for Range follow-ups
}

// New builds the service. Call Register before the job runner starts.
func New(d Deps, o Options) *Service {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Corp == nil {
		d.Corp = func(string) CorpSettings { return CorpSettings{Language: "zh-CN"} }
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 2
	}
	s := &Service{d: d, o: o, slots: map[string]chan struct{}{},
		outcome: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wecomadmin_media_outcomes_total",
			Help: "Media pipeline outcomes by state reached (clean, infected, failed, expired, corrupt, ...).",
		}, []string{"state"})}
	if d.Metrics != nil {
		if err := d.Metrics.Register(s.outcome); err != nil {
			var are prometheus.AlreadyRegisteredError
			if errors.As(err, &are) {
				s.outcome = are.ExistingCollector.(*prometheus.CounterVec)
			}
		}
	}
	return s
}

// Register adds the pipeline's job handler to the runner.
func (s *Service) Register() {
	s.d.Jobs.Register(KindDownload, s.handle, s.o.Policy)
	if n := s.SweepTemp(6 * time.Hour); n > 0 {
		s.d.Log.Info("media: removed stale spool files", "count", n)
	}
}

// EnqueueMedia implements archive.MediaEnqueuer: inside the message's
// transaction (carried by ctx) it inserts the media row and its durable job.
// A re-ingested message adds nothing.
func (s *Service) EnqueueMedia(ctx context.Context, corpID, msgid string, ref archive.MediaRef) error {
	if ref.SDKFileID == "" {
		return nil
	}
	id, created, err := s.d.Store.InsertMedia(ctx, store.Media{
		CorpID: corpID, MsgID: msgid, SDKFileID: ref.SDKFileID, Kind: ref.Kind, Filename: ref.Filename,
		FileExt: ref.FileExt, DeclaredSize: ref.Size, MD5Sum: ref.MD5,
	})
	if err != nil {
		return fmt.Errorf("media: enqueue %s: %w", msgid, err)
	}
	if !created {
		return nil
	}
	_, err = s.d.Jobs.Enqueue(ctx, jobs.NewJob{
		Kind: KindDownload, CorpID: corpID, DedupeKey: "media:" + strconv.FormatInt(id, 10),
		Payload: payload{MediaID: id},
	})
	if err != nil {
		return fmt.Errorf("media: enqueue %s: %w", msgid, err)
	}
	return nil
}

type payload struct {
	MediaID int64 `json:"media_id"`
}

// slot takes one of the corp's download slots, waiting for ctx.
func (s *Service) slot(ctx context.Context, corpID string) (func(), error) {
	s.mu.Lock()
	ch, ok := s.slots[corpID]
	if !ok {
		ch = make(chan struct{}, s.o.Concurrency)
		s.slots[corpID] = ch
	}
	s.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// SetOnTranscript sets the hook that adds a transcript to its message's
// searchable text. Call it before the job runner starts.
func (s *Service) SetOnTranscript(fn func(ctx context.Context, corpID, msgid, text string) error) {
	s.d.OnTranscript = fn
}

// Scanning reports whether a malware scanner is configured.
func (s *Service) Scanning() bool { return s.d.Scanner != nil }

// SweepTemp removes spool files a killed process left behind (older than
// maxAge, so a running download's file is never touched).
func (s *Service) SweepTemp(maxAge time.Duration) int {
	dir := s.o.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	var n int
	for _, pat := range []string{"wecomadmin-work-*"} {
		matches, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, p := range matches {
			if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > maxAge {
				if os.RemoveAll(p) == nil {
					n++
				}
			}
		}
	}
	return n
}

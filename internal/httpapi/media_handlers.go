package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"wecomadmin/internal/media"
	"wecomadmin/internal/store"
)

// MediaService is what the media routes need; *media.Service satisfies it.
// It applies the caller's department scope and records reads in the audit
// trail itself.
type MediaService interface {
	List(ctx context.Context, corpID, state string, afterID int64, limit int) ([]store.Media, error)
	Get(ctx context.Context, id int64) (store.Media, error)
	Open(ctx context.Context, id int64, v media.Variant, rangeHeader string) (*media.Opened, error)
	Transcript(ctx context.Context, id int64) (store.Transcript, error)
	ServeState(corpID string, quarantined bool, scanResult string, stored bool) string
}

// mediaView is a media item as the API shows it. Times are Unix ms.
type mediaView struct {
	ID            int64  `json:"id"`
	CorpID        string `json:"corp_id"`
	MsgID         string `json:"msgid"`
	Kind          string `json:"kind"`
	Filename      string `json:"filename"`
	DeclaredSize  int64  `json:"declared_size"`
	Size          int64  `json:"size"`
	State         string `json:"state"`
	Attempts      int    `json:"attempts"`
	LastError     string `json:"last_error"`
	ContentType   string `json:"content_type"`
	TypeMismatch  bool   `json:"type_mismatch"`
	ScanResult    string `json:"scan_result"`
	ScanSignature string `json:"scan_signature,omitempty"`
	Quarantined   bool   `json:"quarantined"`
	// Serve says whether the file is served and, if not, why (media.Serve*).
	Serve      string `json:"serve"`
	DurationMS int64  `json:"duration_ms"`
	Playable   bool   `json:"playable"`
	Thumbnail  bool   `json:"thumbnail"`
	SHA256     string `json:"sha256"`
	CreatedAt  int64  `json:"created_at"`
	UpdatedAt  int64  `json:"updated_at"`
}

func (s *Server) toMediaView(m store.Media) mediaView {
	return mediaView{Serve: s.d.Media.ServeState(m.CorpID, m.Quarantined, m.ScanResult, m.BlobKey != ""), ID: m.ID, CorpID: m.CorpID, MsgID: m.MsgID, Kind: m.Kind, Filename: m.Filename,
		DeclaredSize: m.DeclaredSize, Size: m.Size, State: m.State, Attempts: m.Attempts, LastError: m.LastError,
		ContentType: m.SniffedType, TypeMismatch: m.TypeMismatch, ScanResult: m.ScanResult, ScanSignature: m.ScanSignature,
		Quarantined: m.Quarantined, DurationMS: m.DurationMS, Playable: m.PlayableKey != "", Thumbnail: m.ThumbKey != "",
		SHA256: m.SHA256, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func (s *Server) listMedia(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	corp := q.Get("corp")
	if corp == "" {
		return badRequest("corp", "corp is required")
	}
	cursor, _ := strconv.ParseInt(q.Get("cursor"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	items, err := s.d.Media.List(r.Context(), corp, q.Get("state"), cursor, limit)
	if err != nil {
		return err
	}
	views := make([]mediaView, 0, len(items))
	for _, m := range items {
		views = append(views, s.toMediaView(m))
	}
	next := ""
	if len(items) == limit {
		next = strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, pageView[mediaView]{Items: views, NextCursor: next})
	return nil
}

func mediaID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("id", "media id must be a positive integer")
	}
	return id, nil
}

func (s *Server) getMediaFile(w http.ResponseWriter, r *http.Request) error {
	return s.serveMedia(w, r, media.Original)
}
func (s *Server) getMediaPlayable(w http.ResponseWriter, r *http.Request) error {
	return s.serveMedia(w, r, media.Playable)
}
func (s *Server) getMediaThumbnail(w http.ResponseWriter, r *http.Request) error {
	return s.serveMedia(w, r, media.Thumbnail)
}

// serveMedia streams a stored file with Range support. Content type comes
// from the bytes, never from the sender; active content is never inline.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request, v media.Variant) error {
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	// The service decides from the Range header which reads are audited.
	op, err := s.d.Media.Open(r.Context(), id, v, r.Header.Get("Range"))
	if err != nil {
		return err
	}
	defer op.Object.Close()
	ct, inline := media.ServeType(op.ContentType, r.URL.Query().Get("download") == "1")
	name := media.DownloadName(op.Media.ID, op.Media.Kind, op.Media.Filename, op.ContentType, v)
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", media.ContentDisposition(inline, name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	if op.Media.SHA256 != "" && v == media.Original {
		h.Set("ETag", `"`+op.Media.SHA256+`"`)
	}
	if op.Unscanned {
		h.Set("X-Media-Unscanned", "1") // the UI says so on every such file
	}
	http.ServeContent(w, r, "", time.UnixMilli(op.Media.UpdatedAt), op.Object)
	return nil
}

func (s *Server) getMediaTranscript(w http.ResponseWriter, r *http.Request) error {
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	t, err := s.d.Media.Transcript(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, transcriptView{Confidence: t.Confidence, CreatedAt: t.CreatedAt, Engine: t.Engine,
		Language: t.Language, MediaID: t.MediaID, Text: t.Text})
	return nil
}

func (s *Server) getMediaItem(w http.ResponseWriter, r *http.Request) error {
	id, err := mediaID(r)
	if err != nil {
		return err
	}
	m, err := s.d.Media.Get(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.toMediaView(m))
	return nil
}

// transcriptView is a media item's speech-to-text transcript.
type transcriptView struct {
	Confidence float64 `json:"confidence"`
	CreatedAt  int64   `json:"created_at"`
	Engine     string  `json:"engine"`
	Language   string  `json:"language"`
	MediaID    int64   `json:"media_id"`
	Text       string  `json:"text"`
}

package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/media/scan"
	"wecomadmin/internal/store"
)

// errRescan makes the job retry later because clamd was unreachable.
var errRescan = errors.New("media: scanner unavailable; will scan again")

// handle runs one attempt of a file's pipeline. Each stage records its
// result in the media row, so a retry (or a restart after a crash) resumes
// at the first stage not yet done; a half-downloaded file is simply
// downloaded again from byte zero, since nothing becomes visible until its
// blob is stored and its row updated.
func (s *Service) handle(ctx context.Context, j jobs.Job, p *jobs.Progress) error {
	var pl payload
	if err := j.Decode(&pl); err != nil {
		return err
	}
	m, err := s.d.Store.GetMedia(ctx, pl.MediaID)
	if errors.Is(err, store.ErrNotFound) {
		return jobs.Permanent(fmt.Errorf("media: job %d: media %d is gone", j.ID, pl.MediaID))
	}
	if err != nil {
		return err
	}
	log := s.d.Log.With("job_id", j.ID, "media_id", m.ID, "corp_id", m.CorpID, "attempt", j.Attempt)
	m.Attempts = j.Attempt
	m.LastError = "" // a stage that succeeds with a caveat (undecodable audio) sets it again
	err = s.run(ctx, &m, p)
	if err == nil {
		if uerr := s.d.Store.UpdateMedia(ctx, m); uerr != nil {
			return uerr
		}
		s.outcome.WithLabelValues(m.State).Inc()
		return nil
	}
	return s.failed(ctx, j, &m, err, log)
}

// failed records a failed attempt: its reason in last_error, and a
// terminal state when no retry is left or none can help.
func (s *Service) failed(ctx context.Context, j jobs.Job, m *store.Media, err error, log interface {
	Warn(string, ...any)
}) error {
	m.LastError = err.Error()
	final := jobs.IsPermanent(err) || j.Attempt >= j.MaxAttempts
	code := finance.CodeOf(err)
	switch {
	case code == finance.CodeExpired:
		m.State, final = StateExpired, true
	case errors.Is(err, ErrTooLarge):
		m.State, final = StateTooLarge, true
	case errors.Is(err, errRescan):
		m.State = StateUnscanned
	case final && errors.Is(err, ErrChecksum):
		m.State = StateCorrupt
	case code == finance.CodeBadFileID && m.BlobKey == "":
		m.State, final = StateFailed, true
	case final && m.BlobKey == "":
		m.State = StateFailed
	}
	// A stored file keeps its state when a later stage fails for good:
	// last_error says what is missing (playable audio, transcript...).
	if uerr := s.d.Store.UpdateMedia(context.WithoutCancel(ctx), *m); uerr != nil {
		log.Warn("media: record failure", "err", uerr)
	}
	log.Warn("media: attempt failed", "state", m.State, "final", final, "err", err)
	if final {
		s.outcome.WithLabelValues(m.State).Inc()
		return jobs.Permanent(err)
	}
	return err
}

// work is one attempt's scratch directory and the local copy of the file
// (the spool file of this attempt's download, or fetched from the blob
// store when a later stage needs it), so scan and ffmpeg read local bytes.
type work struct {
	dir, in string
}

// local returns the path of a local copy of the stored file.
func (s *Service) local(ctx context.Context, w *work, m *store.Media) (string, error) {
	if w.in == "" {
		p := filepath.Join(w.dir, "in")
		if err := s.copyOut(ctx, m.BlobKey, p); err != nil {
			return "", err
		}
		w.in = p
	}
	return w.in, nil
}

func (s *Service) run(ctx context.Context, m *store.Media, p *jobs.Progress) error {
	dir, err := os.MkdirTemp(s.o.TempDir, "wecomadmin-work-*")
	if err != nil {
		return fmt.Errorf("media: scratch dir: %w", err)
	}
	defer os.RemoveAll(dir)
	w := &work{dir: dir}
	if m.BlobKey == "" {
		if err := s.download(ctx, m, w, p); err != nil {
			return err
		}
	}
	switch m.State {
	case StateDownloaded, StateUnscanned, StateDownloading, StatePending:
		if err := s.scan(ctx, m, w); err != nil {
			return err
		}
	}
	if m.State == StateInfected {
		return nil
	}
	// Scanning off and the corp allows unscanned viewing: derive anyway;
	// scan_result stays "unscanned", which is what serving checks.
	offButAllowed := m.State == StateUnscanned && s.d.Scanner == nil && s.d.Corp(m.CorpID).AllowUnscanned
	if m.State == StateClean || offButAllowed {
		return s.derive(ctx, m, w)
	}
	if m.State == StateConverted && isAudio(m) {
		return s.transcribe(ctx, m, w)
	}
	return nil
}

// download spools the file to the scratch directory (never whole in
// memory), checks its md5 against the message, and stores it under its
// SHA-256.
func (s *Service) download(ctx context.Context, m *store.Media, w *work, p *jobs.Progress) error {
	release, err := s.slot(ctx, m.CorpID)
	if err != nil {
		return err
	}
	defer release()
	src, err := s.d.Source(m.CorpID)
	if err != nil {
		return jobs.Permanent(fmt.Errorf("media: no archive source for corp %s: %w", m.CorpID, err))
	}
	m.State = StateDownloading
	if err := s.d.Store.UpdateMedia(ctx, *m); err != nil {
		return err
	}
	path := filepath.Join(w.dir, "in")
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("media: spool: %w", err)
	}
	defer f.Close()
	got, err := Fetch(ctx, src, m.SDKFileID, f, s.o.MaxSize, s.o.ChunkRetry, func(n int64) {
		p.Update(n, m.DeclaredSize, "downloading")
	})
	if err != nil {
		// SDK errors retrying cannot fix (bad sdkfileid, IP not allowed...)
		// end the job; expiry and size are judged in failed; anything else
		// (disk, shutdown, transport) is retried.
		var fe *finance.Error
		if errors.As(err, &fe) && !Retryable(err) && fe.Code != finance.CodeExpired {
			return jobs.Permanent(err)
		}
		return err
	}
	if m.MD5Sum != "" && !equalFold(got.MD5, m.MD5Sum) {
		return fmt.Errorf("media: %s: %w: got %s, message says %s", m.SDKFileID, ErrChecksum, got.MD5, m.MD5Sum)
	}
	head := make([]byte, SniffLen)
	n, _ := f.ReadAt(head, 0)
	m.SniffedType = Sniff(head[:n])
	m.TypeMismatch = Mismatch(m.Filename, m.FileExt, m.SniffedType)
	m.ContentType = m.SniffedType
	key := blob.ContentKey(got.SHA256)
	if err := s.putOnce(ctx, key, f, got.Size); err != nil {
		return err
	}
	w.in = path
	m.BlobKey, m.SHA256, m.Size, m.DownloadedBytes = key, got.SHA256, got.Size, got.Size
	m.State = StateDownloaded
	return s.d.Store.UpdateMedia(ctx, *m)
}

// putOnce stores the spooled file unless identical content is there already.
func (s *Service) putOnce(ctx context.Context, key string, f *os.File, size int64) error {
	if info, err := s.d.Blob.Stat(ctx, key); err == nil && info.Size == size {
		return nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("media: spool: %w", err)
	}
	if err := s.d.Blob.Put(ctx, key, f, size); err != nil {
		return fmt.Errorf("media: store blob: %w", err)
	}
	return nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

// scan streams the stored file through the scanner.
func (s *Service) scan(ctx context.Context, m *store.Media, w *work) error {
	if s.d.Scanner == nil {
		m.State, m.ScanResult = StateUnscanned, "unscanned"
		return nil // scanning is off: nothing to wait for
	}
	var r io.ReadCloser
	var err error
	if w.in != "" {
		r, err = os.Open(w.in)
	} else {
		r, err = s.d.Blob.Open(ctx, m.BlobKey)
	}
	if err != nil {
		return fmt.Errorf("media: open for scan: %w", err)
	}
	defer r.Close()
	v, err := s.d.Scanner.Scan(ctx, r)
	if errors.Is(err, scan.ErrUnavailable) {
		m.State, m.ScanResult = StateUnscanned, "unscanned"
		return fmt.Errorf("%w: %w", errRescan, err)
	}
	if err != nil {
		m.ScanResult = "error"
		return fmt.Errorf("media: scan: %w", err)
	}
	m.ScannedAt = time.Now().UnixMilli()
	if !v.Infected {
		m.State, m.ScanResult = StateClean, "clean"
		return nil
	}
	m.State, m.ScanResult, m.ScanSignature, m.Quarantined = StateInfected, "infected", v.Signature, true
	if err := s.d.Store.UpdateMedia(ctx, *m); err != nil {
		return err
	}
	s.d.Log.Warn("media: malware quarantined", "media_id", m.ID, "corp_id", m.CorpID, "signature", v.Signature)
	if s.d.Audit != nil {
		err := s.d.Audit.Record(ctx, audit.Event{
			Action: audit.MediaQuarantine, Target: "media:" + strconv.FormatInt(m.ID, 10), CorpID: m.CorpID,
			Outcome: audit.Success, Reason: v.Signature,
			Metadata: map[string]any{"msgid": m.MsgID, "sha256": m.SHA256, "filename": m.Filename},
		})
		if err != nil {
			return fmt.Errorf("media: audit quarantine: %w", err)
		}
	}
	return nil
}

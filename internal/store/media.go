package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Media is one file a message references, with its pipeline state.
type Media struct {
	ID              int64
	CorpID          string
	MsgID           string
	SDKFileID       string
	Kind            string
	Filename        string
	FileExt         string
	DeclaredSize    int64
	MD5Sum          string
	State           string
	Attempts        int
	LastError       string
	BlobKey         string
	SHA256          string
	Size            int64
	ContentType     string
	ScanResult      string // clean, infected, unscanned, error
	ScanSignature   string
	DurationMS      int64
	SniffedType     string
	TypeMismatch    bool
	Quarantined     bool
	PlayableKey     string
	PlayableType    string
	ThumbKey        string
	DownloadedBytes int64
	ScannedAt       int64
	CreatedAt       int64
	UpdatedAt       int64
}

// MediaFilter selects media for the list page; Scope limits it to media of
// messages that an in-scope employee sent or received.
type MediaFilter struct {
	CorpID  string
	State   string
	Scope   DeptScope
	AfterID int64 // keyset cursor: ids below this (newest first); 0 = start
	Limit   int
}

// Transcript is one speech-to-text result of a media file.
type Transcript struct {
	ID         int64
	MediaID    int64
	CorpID     string
	Engine     string
	Language   string
	Confidence float64
	Text       string
	CreatedAt  int64
}

const mediaCols = `md.id, md.corp_id, md.msgid, md.sdkfileid, md.kind, md.filename, md.fileext, md.declared_size, md.md5sum,
	md.state, md.attempts, md.last_error, md.blob_key, md.sha256, md.size, md.content_type, md.scan_result, md.scan_signature,
	md.duration_ms, md.sniffed_type, md.type_mismatch, md.quarantined, md.playable_key, md.playable_type, md.thumb_key,
	md.downloaded_bytes, md.scanned_at, md.created_at, md.updated_at`

func scanMedia(sc interface{ Scan(...any) error }) (Media, error) {
	var m Media
	var mismatch, quarantined int
	err := sc.Scan(&m.ID, &m.CorpID, &m.MsgID, &m.SDKFileID, &m.Kind, &m.Filename, &m.FileExt, &m.DeclaredSize, &m.MD5Sum,
		&m.State, &m.Attempts, &m.LastError, &m.BlobKey, &m.SHA256, &m.Size, &m.ContentType, &m.ScanResult, &m.ScanSignature,
		&m.DurationMS, &m.SniffedType, &mismatch, &quarantined, &m.PlayableKey, &m.PlayableType, &m.ThumbKey,
		&m.DownloadedBytes, &m.ScannedAt, &m.CreatedAt, &m.UpdatedAt)
	m.TypeMismatch, m.Quarantined = mismatch != 0, quarantined != 0
	return m, err
}

// InsertMedia stores m in state pending unless (corp_id, msgid, sdkfileid)
// exists; it returns the row's id and whether it was created.
func (s *Store) InsertMedia(ctx context.Context, m Media) (int64, bool, error) {
	now := s.nowMS()
	res, err := s.exec(ctx, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, filename, fileext, declared_size, md5sum,
			state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
		ON CONFLICT (corp_id, msgid, sdkfileid) DO NOTHING`,
		m.CorpID, m.MsgID, m.SDKFileID, m.Kind, m.Filename, m.FileExt, m.DeclaredSize, m.MD5Sum, now, now)
	if err != nil {
		return 0, false, fmt.Errorf("store: insert media %s: %w", m.MsgID, err)
	}
	n, _ := res.RowsAffected()
	var id int64
	err = s.queryRow(ctx, `SELECT id FROM media WHERE corp_id = ? AND msgid = ? AND sdkfileid = ?`,
		m.CorpID, m.MsgID, m.SDKFileID).Scan(&id)
	if err != nil {
		return 0, false, fmt.Errorf("store: insert media %s: %w", m.MsgID, err)
	}
	return id, n == 1, nil
}

// GetMedia returns one media row.
func (s *Store) GetMedia(ctx context.Context, id int64) (Media, error) {
	m, err := scanMedia(s.queryRow(ctx, `SELECT `+mediaCols+` FROM media md WHERE md.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, ErrNotFound
	}
	if err != nil {
		return Media{}, fmt.Errorf("store: get media %d: %w", id, err)
	}
	return m, nil
}

// visibleMedia is the condition "an employee in scope sent or received the
// message" on the media row md; its args follow scope.Where's.
func visibleMedia(scope DeptScope) (string, []any) {
	if scope.All {
		return "1=1", nil
	}
	w, args := scope.Where("e.department_path")
	return `EXISTS (SELECT 1 FROM messages msg JOIN employees e ON e.corp_id = msg.corp_id
		AND (e.userid = msg.from_id OR msg.tolist LIKE '%"' || replace(replace(replace(e.userid, '\', '\\'), '%', '\%'), '_', '\_') || '"%' ESCAPE '\')
		WHERE msg.corp_id = md.corp_id AND msg.msgid = md.msgid AND e.userid <> '' AND ` + w + `)`, args
}

// GetMediaScoped returns one media row of corp-agnostic id only when scope
// (for the row's corp, from scopeOf) may see its message; else ErrNotFound.
func (s *Store) GetMediaScoped(ctx context.Context, id int64, scopeOf func(corpID string) DeptScope) (Media, error) {
	m, err := s.GetMedia(ctx, id)
	if err != nil {
		return Media{}, err
	}
	w, args := visibleMedia(scopeOf(m.CorpID))
	var one int
	err = s.queryRow(ctx, `SELECT 1 FROM media md WHERE md.id = ? AND `+w, append([]any{id}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, ErrNotFound
	}
	if err != nil {
		return Media{}, fmt.Errorf("store: media %d scope: %w", id, err)
	}
	return m, nil
}

// ListMedia returns media newest first within the filter's scope.
func (s *Store) ListMedia(ctx context.Context, f MediaFilter) ([]Media, error) {
	conds := []string{"md.corp_id = ?"}
	args := []any{f.CorpID}
	if f.State != "" {
		conds, args = append(conds, "md.state = ?"), append(args, f.State)
	}
	if f.AfterID > 0 {
		conds, args = append(conds, "md.id < ?"), append(args, f.AfterID)
	}
	w, wargs := visibleMedia(f.Scope)
	conds, args = append(conds, w), append(args, wargs...)
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := s.query(ctx, `SELECT `+mediaCols+` FROM media md WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY md.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: list media: %w", err)
	}
	defer rows.Close()
	var out []Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list media: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpdateMedia writes the pipeline's mutable columns of m.
func (s *Store) UpdateMedia(ctx context.Context, m Media) error {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	res, err := s.exec(ctx, `UPDATE media SET state = ?, attempts = ?, last_error = ?, blob_key = ?, sha256 = ?, size = ?,
		content_type = ?, scan_result = ?, scan_signature = ?, duration_ms = ?, sniffed_type = ?, type_mismatch = ?,
		quarantined = ?, playable_key = ?, playable_type = ?, thumb_key = ?, downloaded_bytes = ?, scanned_at = ?,
		updated_at = ? WHERE id = ?`,
		m.State, m.Attempts, m.LastError, m.BlobKey, m.SHA256, m.Size, m.ContentType, m.ScanResult, m.ScanSignature,
		m.DurationMS, m.SniffedType, b(m.TypeMismatch), b(m.Quarantined), m.PlayableKey, m.PlayableType, m.ThumbKey,
		m.DownloadedBytes, m.ScannedAt, s.nowMS(), m.ID)
	if err != nil {
		return fmt.Errorf("store: update media %d: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// InsertTranscript stores a transcript of a media file.
func (s *Store) InsertTranscript(ctx context.Context, t Transcript) (int64, error) {
	var id int64
	err := s.queryRow(ctx, `INSERT INTO media_transcripts (media_id, corp_id, engine, language, confidence, text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.MediaID, t.CorpID, t.Engine, t.Language, t.Confidence, t.Text, s.nowMS()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert transcript of media %d: %w", t.MediaID, err)
	}
	return id, nil
}

// LatestTranscript returns the newest transcript of a media file.
func (s *Store) LatestTranscript(ctx context.Context, mediaID int64) (Transcript, error) {
	var t Transcript
	err := s.queryRow(ctx, `SELECT id, media_id, corp_id, engine, language, confidence, text, created_at
		FROM media_transcripts WHERE media_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`, mediaID).
		Scan(&t.ID, &t.MediaID, &t.CorpID, &t.Engine, &t.Language, &t.Confidence, &t.Text, &t.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Transcript{}, ErrNotFound
	}
	if err != nil {
		return Transcript{}, fmt.Errorf("store: transcript of media %d: %w", mediaID, err)
	}
	return t, nil
}

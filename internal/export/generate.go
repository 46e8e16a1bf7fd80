package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // corp time zones without the host's zoneinfo

	"wecomadmin/internal/audit"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
	"wecomadmin/internal/textindex"
)

const batch = 500

func (s *Service) generateJob(ctx context.Context, j jobs.Job, p *jobs.Progress) error {
	var pl struct {
		ExportID int64 `json:"export_id"`
	}
	if err := j.Decode(&pl); err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, "system:export")
	e, err := s.st.ExportByID(ctx, pl.ExportID)
	if err != nil {
		return jobs.Permanent(err)
	}
	if e.State == "done" || e.State == "expired" {
		return nil
	}
	if e.ApprovalID > 0 {
		if _, err := s.approvals.Approved(ctx, e.ApprovalID); err != nil {
			return jobs.Permanent(err)
		}
	}
	e.State = "running"
	if err := s.st.UpdateExport(ctx, e); err != nil {
		return err
	}
	if err := s.Generate(ctx, &e, p); err != nil {
		e.State, e.Error = "failed", err.Error()
		_ = s.st.UpdateExport(context.WithoutCancel(ctx), e)
		return err
	}
	return nil
}

// Generate builds the export's file, stores it and records its SHA-256.
func (s *Service) Generate(ctx context.Context, e *store.Export, p *jobs.Progress) error {
	var params Params
	if err := json.Unmarshal([]byte(e.Params), &params); err != nil {
		return jobs.Permanent(fmt.Errorf("export %d: params: %w", e.ID, err))
	}
	if err := json.Unmarshal([]byte(e.Scope), &params.Filter.Scope); err != nil {
		return jobs.Permanent(fmt.Errorf("export %d: scope: %w", e.ID, err))
	}
	settings, err := s.corpSettings(ctx, e.CorpID)
	if err != nil {
		return err
	}
	loc := corpLocation(settings)
	f, err := os.CreateTemp(s.o.TempDir, "export-*")
	if err != nil {
		return fmt.Errorf("export %d: temp file: %w", e.ID, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	h := sha256.New()
	now := s.now()
	watermark := fmt.Sprintf("Exported by %s at %s · export %d · confidential", e.RequestedBy,
		now.In(loc).Format("2006-01-02 15:04:05 MST"), e.ID)
	w, err := newWriter(e.Format, io.MultiWriter(f, h), watermark, s.o.FontPath)
	if err != nil {
		return jobs.Permanent(err)
	}
	var media []store.MediaRef
	rows, err := s.walk(ctx, e, params, loc, w, p, &media)
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("export %d: finish %s: %w", e.ID, e.Format, err)
	}
	e.BlobKey = fmt.Sprintf("exports/%d/export-%d.%s", e.ID, e.ID, e.Format)
	if params.WithMedia {
		zf, zh, err := s.zipWithMedia(ctx, e, f, hex.EncodeToString(h.Sum(nil)), media)
		if err != nil {
			return err
		}
		defer os.Remove(zf.Name())
		defer zf.Close()
		f, h = zf, zh
		e.BlobKey = fmt.Sprintf("exports/%d/export-%d.%s.zip", e.ID, e.ID, e.Format)
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := s.bucket.Put(ctx, e.BlobKey, f, size); err != nil {
		return fmt.Errorf("export %d: store file: %w", e.ID, err)
	}
	e.State, e.SHA256, e.Size, e.RowCount, e.Error = "done", hex.EncodeToString(h.Sum(nil)), size, rows, ""
	e.ExpiresAt = now.Add(s.o.TTL).UnixMilli()
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.UpdateExport(ctx, *e); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.ExportGenerate, Target: fmt.Sprintf("export:%d", e.ID),
			CorpID: e.CorpID, Metadata: map[string]any{"sha256": e.SHA256, "size": size, "rows": rows, "format": e.Format,
				"requested_by": e.RequestedBy, "expires_at": e.ExpiresAt}})
	})
}

// walk streams the selected messages, a batch at a time, into w.
func (s *Service) walk(ctx context.Context, e *store.Export, params Params, loc *time.Location, w rowWriter, p *jobs.Progress, media *[]store.MediaRef) (int64, error) {
	var rows int64
	emit := func(msgs []store.Message) error {
		if e.Format == "pdf" && rows+int64(len(msgs)) > MaxPDFRows {
			return jobs.Permanent(fmt.Errorf("export %d: PDF transcripts stop at %d messages; use CSV or XLSX", e.ID, MaxPDFRows))
		}
		out, err := s.rows(ctx, e.CorpID, msgs, loc, media, params.WithMedia)
		if err != nil {
			return err
		}
		for _, r := range out {
			if err := w.Write(r); err != nil {
				return fmt.Errorf("export %d: write: %w", e.ID, err)
			}
		}
		rows += int64(len(out))
		if p != nil {
			p.Update(rows, 0, "messages written")
		}
		return nil
	}
	f := params.Filter
	if e.Source == "conversations" {
		for _, cid := range params.ConversationIDs {
			f.ConversationID = cid
			for after := int64(0); ; {
				msgs, err := s.st.ListMessages(ctx, f, after, true, batch)
				if err != nil || len(msgs) == 0 {
					if err != nil {
						return rows, err
					}
					break
				}
				if err := emit(msgs); err != nil {
					return rows, err
				}
				after = msgs[len(msgs)-1].ID
			}
		}
		return rows, nil
	}
	var q textindex.Query
	if params.Q != "" {
		var err error
		if q, err = textindex.Parse(params.Q); err != nil {
			return 0, jobs.Permanent(err)
		}
	}
	for {
		var msgs []store.Message
		var err error
		if params.Q == "" {
			msgs, err = s.st.ListMessages(ctx, f, 0, false, batch)
		} else {
			msgs, err = s.st.SearchMessages(ctx, q, f, batch)
		}
		if err != nil {
			return rows, err
		}
		if len(msgs) == 0 {
			return rows, nil
		}
		if err := emit(msgs); err != nil {
			return rows, err
		}
		f.BeforeID = msgs[len(msgs)-1].ID
	}
}

// rows formats messages with recall markers and media hashes.
func (s *Service) rows(ctx context.Context, corpID string, msgs []store.Message, loc *time.Location, keep *[]store.MediaRef, collect bool) ([]Row, error) {
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.MsgID
	}
	recalls, err := s.st.Recalls(ctx, corpID, ids)
	if err != nil {
		return nil, err
	}
	media, err := s.st.MediaRefs(ctx, corpID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Row, 0, len(msgs))
	for _, m := range msgs {
		r := Row{Conversation: m.ConversationID, Time: time.UnixMilli(m.MsgTime).In(loc).Format("2006-01-02 15:04:05"),
			From: m.From, Type: m.MsgType, Content: m.Content}
		if rv, ok := recalls[m.MsgID]; ok {
			r.Recalled = "已撤回 recalled " + time.UnixMilli(rv.MsgTime).In(loc).Format("2006-01-02 15:04:05")
		}
		if m.MsgType == "revoke" {
			r.Recalled = "撤回消息 recall of " + m.PreMsgID
		}
		var ms []string
		for _, md := range media[m.MsgID] {
			ms = append(ms, fmt.Sprintf("%s %s sha256:%s (%s)", md.Kind, md.FileName, md.SHA256, md.State))
			if collect {
				*keep = append(*keep, md)
			}
		}
		r.Media = strings.Join(ms, "; ")
		out = append(out, r)
	}
	return out, nil
}

// corpLocation reads settings.time_zone (default Asia/Shanghai).
func corpLocation(settings string) *time.Location {
	var s struct {
		TimeZone string `json:"time_zone"`
	}
	_ = json.Unmarshal([]byte(settings), &s)
	if s.TimeZone == "" {
		s.TimeZone = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

package export

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // corp time zones without the host's zoneinfo

	"wecomadmin/internal/audit"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/store"
)

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
		_ = s.audit.Record(context.WithoutCancel(ctx), audit.Event{Action: audit.ExportGenerate, Target: fmt.Sprintf("export:%d", e.ID),
			CorpID: e.CorpID, Outcome: audit.Failure, Reason: err.Error()})
		return err
	}
	return nil
}

// Generate builds the export's file, stores it and records its SHA-256.
// One file (CSV, XLSX, a one-volume PDF) is stored as it is; PDF volumes
// and media go into a ZIP with a manifest.
func (s *Service) Generate(ctx context.Context, e *store.Export, p *jobs.Progress) error {
	// Every read of the export (its newest id, the walk, names, media refs) may
	// be served by db_read, so they all see one copy; its writes stay on the primary.
	ctx = store.ReadReplica(ctx)
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
	now := s.now()
	meta := docMeta{ExportID: e.ID, Base: fmt.Sprintf("export-%d", e.ID), Requester: e.RequestedBy, Matter: params.Matter,
		Generated: now.In(loc).Format("2006-01-02 15:04:05 MST")}
	meta.Watermark = fmt.Sprintf("Exported by %s at %s · export %d · confidential", e.RequestedBy, meta.Generated, e.ID)
	meta.Lang, meta.Query, meta.Filters = langOf(params.Lang), params.Q, describeParams(params, langOf(params.Lang), loc)
	ps := &partSet{dir: s.o.TempDir}
	defer ps.cleanup()
	nm := &names{st: s.st, corp: e.CorpID, m: map[string]string{}}
	sel, err := s.selection(ctx, e, params)
	if err != nil {
		return err
	}
	po := pdfOptions{FontPath: s.o.FontPath, ConvName: func(id string) string { return nm.conversationName(ctx, id) }}
	if e.Format == "pdf" {
		if po.Volumes, po.Total, err = s.planVolumes(ctx, sel, s.o.PDFVolumeRows, loc); err != nil {
			return err
		}
	} else if p != nil {
		po.Total = s.total(ctx, sel)
	}
	w, err := newWriter(e.Format, ps, meta, params.Layout, po)
	if err != nil {
		return jobs.Permanent(err)
	}
	var media *mediaSpool
	if params.WithMedia {
		if media, err = newMediaSpool(s.o.TempDir); err != nil {
			return err
		}
		defer media.remove()
	}
	var rows int64
	err = s.each(ctx, sel, func(msgs []store.Message) error {
		out, err := s.rows(ctx, e.CorpID, msgs, loc, nm, media, meta.Lang)
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
			p.Update(rows, po.Total, "messages written")
		}
		return nil
	})
	if cerr := w.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export %d: finish %s: %w", e.ID, e.Format, cerr)
	}
	if err != nil {
		return err
	}
	return s.store(ctx, e, ps, media, now, rows)
}

// store uploads the finished file and records it, audited.
func (s *Service) store(ctx context.Context, e *store.Export, ps *partSet, media *mediaSpool, now time.Time, rows int64) error {
	out := ps.list[0]
	e.BlobKey = fmt.Sprintf("exports/%d/%s", e.ID, out.Name)
	if len(ps.list) > 1 || media != nil {
		z, err := s.zipParts(ctx, e, ps.list, media)
		if err != nil {
			return err
		}
		defer os.Remove(z.Path)
		out = z
		e.BlobKey = fmt.Sprintf("exports/%d/export-%d.%s.zip", e.ID, e.ID, e.Format)
	}
	f, err := out.open()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := s.bucket.Put(ctx, e.BlobKey, f, out.Size); err != nil {
		return fmt.Errorf("export %d: store file: %w", e.ID, err)
	}
	e.State, e.SHA256, e.Size, e.RowCount, e.Error = "done", out.SHA256, out.Size, rows, ""
	e.ExpiresAt = now.Add(s.ttl(ctx, e.CorpID)).UnixMilli()
	return s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.st.UpdateExport(ctx, *e); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: audit.ExportGenerate, Target: fmt.Sprintf("export:%d", e.ID),
			CorpID: e.CorpID, Metadata: map[string]any{"sha256": e.SHA256, "size": out.Size, "rows": rows, "format": e.Format,
				"files": len(ps.list), "requested_by": e.RequestedBy, "expires_at": e.ExpiresAt}})
	})
}

// rows formats messages with speaker names, recall markers and media
// hashes, the transcript of a voice message or call (the text a search hit
// may have been found in); media references are spooled for the ZIP when it
// is wanted.
func (s *Service) rows(ctx context.Context, corpID string, msgs []store.Message, loc *time.Location, nm *names, spool *mediaSpool, lang string) ([]Row, error) {
	ids := make([]string, len(msgs))
	party := make([]string, 0, 3*len(msgs))
	for i, m := range msgs {
		ids[i] = m.MsgID
		party = append(append(party, m.From), parties(m.ConversationID)...)
	}
	if err := nm.load(ctx, party); err != nil {
		return nil, err
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
		r := Row{Conversation: m.ConversationID, ConversationName: nm.conversation(m.ConversationID),
			Time: fmtTime(m.MsgTime, loc), MsgTime: m.MsgTime, From: m.From, FromName: nm.name(m.From),
			Type: typeLabel(lang, m.MsgType), Content: m.Content, MsgID: m.MsgID}
		if hasTranscript(m.MsgType) && len(media[m.MsgID]) > 0 {
			if r.Transcript, err = s.st.MessageTranscriptText(ctx, corpID, m.MsgID); err != nil {
				return nil, err
			}
		}
		if rv, ok := recalls[m.MsgID]; ok {
			r.Recalled = "已撤回 recalled " + fmtTime(rv.MsgTime, loc)
		}
		if m.MsgType == "revoke" {
			r.Recalled = "撤回消息 recall of " + m.PreMsgID
		}
		var ms []string
		for _, md := range media[m.MsgID] {
			ms = append(ms, fmt.Sprintf("%s %s sha256:%s (%s)", md.Kind, md.FileName, md.SHA256, md.State))
			if spool != nil {
				if err := spool.add(md); err != nil {
					return nil, err
				}
			}
		}
		r.Media = strings.Join(ms, "; ")
		out = append(out, r)
	}
	return out, nil
}

// ttl is the corp's export_ttl_days setting, else Options.TTL.
func (s *Service) ttl(ctx context.Context, corpID string) time.Duration {
	settings, err := s.corpSettings(ctx, corpID)
	if err != nil {
		return s.o.TTL
	}
	var v struct {
		Days int `json:"export_ttl_days"`
	}
	if json.Unmarshal([]byte(settings), &v) == nil && v.Days > 0 {
		return time.Duration(v.Days) * 24 * time.Hour
	}
	return s.o.TTL
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

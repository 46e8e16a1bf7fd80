package lake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/lake/archivefmt"
)

// The compliance-archive formats.
const (
	ComplianceActiance = "actiance"
	ComplianceEML      = "eml"
	ComplianceJSONL    = "signed-jsonl"
)

// maxSelection bounds a compliance selection (it is grouped in memory by
// conversation-day); larger ranges are exported in several selections.
const maxSelection = 200_000

// ComplianceRequest selects a corp's messages by time, [From, To).
type ComplianceRequest struct {
	CorpID   string    `json:"corp_id"`
	Format   string    `json:"format"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	MaxBytes int64     `json:"max_bytes"` // EML: attachments per message (default 20 MiB)
}

// ComplianceResult lists the files written for a selection.
type ComplianceResult struct {
	ID       string     `json:"id"`
	CorpID   string     `json:"corp_id"`
	Format   string     `json:"format"`
	Messages int        `json:"messages"`
	Files    []FileInfo `json:"files"`
}

// ExportCompliance writes a selection in an outside archive's format to
// PREFIX/compliance/FORMAT/corp=ID/sel=ID/..., audited.
func (s *Service) ExportCompliance(ctx context.Context, q ComplianceRequest) (ComplianceResult, error) {
	res := ComplianceResult{CorpID: q.CorpID, Format: q.Format, Files: []FileInfo{}}
	if q.CorpID == "" || !q.To.After(q.From) {
		return res, fmt.Errorf("lake: compliance: corp and a time range with to after from are required: %w", ErrInput)
	}
	switch q.Format {
	case ComplianceActiance, ComplianceEML:
	case ComplianceJSONL:
		if s.signer == nil {
			return res, fmt.Errorf("lake: compliance: %w", audit.ErrNoSigner)
		}
	default:
		return res, fmt.Errorf("lake: compliance: format %q is not actiance, eml or signed-jsonl: %w", q.Format, ErrInput)
	}
	if err := allow(ctx, q.CorpID); err != nil {
		return res, err
	}
	res.ID = s.newRunID()
	r := &run{s: s, corpID: q.CorpID}
	var err error
	if r.settings, err = s.st.GetLakeSettings(ctx, q.CorpID); err != nil {
		return res, err
	}
	rows, err := s.selectRows(ctx, r, q)
	if err == nil {
		res.Messages = len(rows)
		err = s.writeCompliance(ctx, r, q, rows, &res)
	}
	outcome, reason := audit.Success, ""
	if err != nil {
		outcome, reason = audit.Failure, err.Error()
	}
	if aerr := s.recordCompliance(ctx, q, res, outcome, reason); aerr != nil && err == nil {
		err = aerr
	}
	return res, err
}

func (s *Service) selectRows(ctx context.Context, r *run, q ComplianceRequest) ([]MessageRow, error) {
	res := newResolver(r)
	from, to := q.From.UnixMilli(), q.To.UnixMilli()
	afterT, afterID := from, int64(0)
	var out []MessageRow
	for {
		page, err := s.st.LakeMessages(ctx, q.CorpID, 0, math.MaxInt64, afterT, afterID, s.o.PageRows)
		if err != nil {
			return nil, err
		}
		for len(page) > 0 && page[len(page)-1].MsgTime >= to {
			page = page[:len(page)-1]
		}
		if len(page) == 0 {
			return out, nil
		}
		rows, err := res.messages(ctx, page)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		if len(out) > maxSelection {
			return nil, fmt.Errorf("lake: compliance: more than %d messages; select a shorter range: %w", maxSelection, ErrInput)
		}
		afterT, afterID = page[len(page)-1].MsgTime, page[len(page)-1].ID
	}
}

// days groups rows by conversation and UTC day.
func (s *Service) days(ctx context.Context, r *run, rows []MessageRow, maxBytes int64) ([]archivefmt.Day, error) {
	byKey := map[string]*archivefmt.Day{}
	var keys []string
	for _, m := range rows {
		date := day(m.MsgTime)
		k := m.ConversationID + "\x00" + date
		d, ok := byKey[k]
		if !ok {
			d = &archivefmt.Day{CorpID: m.CorpID, ConversationID: m.ConversationID, RoomID: m.RoomID, RoomName: m.RoomName, Date: date}
			byKey[k] = d
			keys = append(keys, k)
		}
		msg, parties, err := s.complianceMessage(ctx, r, m, maxBytes)
		if err != nil {
			return nil, err
		}
		d.Messages = append(d.Messages, msg)
		d.Participants = mergeParties(d.Participants, parties)
	}
	sort.Strings(keys)
	out := make([]archivefmt.Day, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out, nil
}

func (s *Service) complianceMessage(ctx context.Context, r *run, m MessageRow, maxBytes int64) (archivefmt.Message, []archivefmt.Party, error) {
	from := archivefmt.Party{ID: m.FromID, Name: m.FromName, Department: m.FromDepartment, Kind: m.FromKind}
	parties := []archivefmt.Party{from}
	for i, id := range m.ToIDs {
		parties = append(parties, archivefmt.Party{ID: id, Name: m.ToNames[i], Department: m.ToDepartments[i]})
	}
	msg := archivefmt.Message{MsgID: m.MsgID, Time: time.UnixMilli(m.MsgTime).UTC(), From: from, MsgType: m.MsgType,
		Content: m.Content, RecallOf: m.RecallOf}
	if m.Transcript != "" && msg.Content == "" {
		msg.Content = m.Transcript
	}
	for _, f := range m.Media {
		a := archivefmt.Attachment{Name: f.Filename, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256}
		if a.Name == "" {
			a.Name = f.Kind + "-" + f.SHA256
		}
		if f.LakeKey != "" && f.Size <= maxBytes {
			b, err := s.readAll(ctx, f.LakeKey, maxBytes)
			if err != nil {
				return msg, nil, err
			}
			a.Data = b
		}
		msg.Files = append(msg.Files, a)
	}
	return msg, parties, nil
}

func (s *Service) readAll(ctx context.Context, key string, limit int64) ([]byte, error) {
	o, err := s.out.Open(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("lake: compliance: open %s: %w", key, err)
	}
	defer o.Close()
	return io.ReadAll(io.LimitReader(o, limit))
}

func mergeParties(have, add []archivefmt.Party) []archivefmt.Party {
	for _, p := range add {
		found := false
		for i := range have {
			if have[i].ID == p.ID {
				found = true
				if have[i].Kind == "" {
					have[i].Kind = p.Kind
				}
			}
		}
		if !found && p.ID != "" {
			have = append(have, p)
		}
	}
	return have
}

func (s *Service) writeCompliance(ctx context.Context, r *run, q ComplianceRequest, rows []MessageRow, res *ComplianceResult) error {
	if len(rows) == 0 {
		return nil // an empty selection writes nothing
	}
	maxBytes := q.MaxBytes
	if maxBytes <= 0 {
		maxBytes = 20 << 20
	}
	root := fmt.Sprintf("%scompliance/%s/corp=%s/sel=%s/", s.o.Prefix, q.Format, q.CorpID, res.ID)
	put := func(name string, b []byte, n int64) error {
		sum := sha256.Sum256(b)
		fi := FileInfo{Table: "messages", Format: q.Format, Key: root + name, Rows: n, Bytes: int64(len(b)),
			SHA256: hex.EncodeToString(sum[:])}
		if err := s.out.Put(ctx, fi.Key, bytes.NewReader(b), fi.Bytes); err != nil {
			return fmt.Errorf("lake: compliance: put %s: %w", fi.Key, err)
		}
		res.Files = append(res.Files, fi)
		return nil
	}
	if q.Format == ComplianceJSONL {
		var buf bytes.Buffer
		f, err := archivefmt.WriteJSONL(&buf, "messages.jsonl", rows)
		if err != nil {
			return err
		}
		if err := put(f.Name, buf.Bytes(), f.Rows); err != nil {
			return err
		}
		man, _ := json.MarshalIndent(archivefmt.Sign(s.signer, q.CorpID, s.now(), []archivefmt.SignedFile{f}), "", "  ")
		return put("manifest.json", man, 0)
	}
	days, err := s.days(ctx, r, rows, maxBytes)
	if err != nil {
		return err
	}
	if q.Format == ComplianceActiance {
		var buf bytes.Buffer
		if err := archivefmt.WriteActiance(&buf, days); err != nil {
			return err
		}
		return put("actiance.xml", buf.Bytes(), int64(len(rows)))
	}
	for _, d := range days {
		emls, err := archivefmt.WriteEML(d, archivefmt.EMLOptions{Domain: "wecom." + q.CorpID + ".invalid", MaxBytes: maxBytes})
		if err != nil {
			return err
		}
		for _, e := range emls {
			if err := put(e.Name, e.Bytes, int64(len(d.Messages))); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) recordCompliance(ctx context.Context, q ComplianceRequest, res ComplianceResult, outcome, reason string) error {
	if s.audit == nil {
		return nil
	}
	return s.audit.Record(ctx, audit.Event{Action: audit.LakeExport, Target: "compliance:" + res.ID, CorpID: q.CorpID,
		Outcome: outcome, Reason: reason, Metadata: map[string]any{"format": q.Format, "from": q.From.UnixMilli(),
			"to": q.To.UnixMilli(), "messages": res.Messages, "files": len(res.Files)}})
}

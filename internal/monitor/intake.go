package monitor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/csvcell"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
)

// Criterion is one of the four minimum criteria of a valid AE report, as
// the detectors extracted it from the message: present, and the evidence.
type Criterion struct {
	Present  bool     `json:"present"`
	Evidence []string `json:"evidence"`
}

// Party is someone in the message.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // employee or contact ("" when unknown)
	Role string `json:"role"` // sender or recipient
}

// Intake is the AE intake record handed to the safety database.
type Intake struct {
	AlertID        int64    `json:"alert_id"`
	Corp           string   `json:"corp"`
	CorpID         string   `json:"corp_id"`
	MsgID          string   `json:"msgid"`
	ConversationID string   `json:"conversation_id"`
	MsgType        string   `json:"msgtype"`
	Labels         []string `json:"labels"`
	Severity       string   `json:"severity"`
	// AwarenessAt is when the company became aware: the message time.
	AwarenessAt   int64  `json:"awareness_at"`
	AwarenessTime string `json:"awareness_time"` // the same, RFC 3339 UTC
	DueAt         *int64 `json:"due_at"`
	Disposition   string `json:"disposition"`
	CaseNumber    string `json:"case_number"`
	// The four minimum criteria.
	Patient  Criterion `json:"identifiable_patient"`
	Reporter Criterion `json:"identifiable_reporter"`
	Product  Criterion `json:"suspect_product"`
	Event    Criterion `json:"adverse_event"`
	// Employee is the employee who learnt of it.
	Employee       Party   `json:"employee"`
	Parties        []Party `json:"parties"`
	MessageText    string  `json:"message_text"`
	TranscriptText string  `json:"transcript_text"`
	ExportedAt     int64   `json:"exported_at"`
	ExportedBy     string  `json:"exported_by"`
}

// IntakeFile is an exported intake record.
type IntakeFile struct {
	Name        string
	ContentType string
	Body        []byte
}

// ExportIntake builds the alert's AE intake record as JSON or CSV,
// audited (alert.intake_export, with the file's SHA-256).
func (s *Service) ExportIntake(ctx context.Context, id int64, format string) (IntakeFile, error) {
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" {
		return IntakeFile{}, invalid("format must be json or csv")
	}
	if _, err := s.visible(ctx, auth.AlertsWrite, id); err != nil {
		return IntakeFile{}, err
	}
	d, err := s.detail(ctx, id)
	if err != nil {
		return IntakeFile{}, err
	}
	rec, err := s.intake(ctx, d)
	if err != nil {
		return IntakeFile{}, err
	}
	f := IntakeFile{Name: fmt.Sprintf("ae-intake-%d.%s", id, format), ContentType: "application/json"}
	if format == "csv" {
		f.ContentType = "text/csv; charset=utf-8"
		f.Body, err = intakeCSV(rec)
	} else {
		f.Body, err = json.MarshalIndent(rec, "", "  ")
	}
	if err != nil {
		return IntakeFile{}, fmt.Errorf("monitor: intake %d: %w", id, err)
	}
	sum := sha256.Sum256(f.Body)
	err = s.audit.Record(ctx, audit.Event{Action: audit.AlertIntakeExport, Target: fmt.Sprintf("alert:%d", id), CorpID: d.CorpID,
		Metadata: map[string]any{"format": format, "sha256": hex.EncodeToString(sum[:]), "msgid": d.MsgID}})
	if err != nil {
		return IntakeFile{}, fmt.Errorf("monitor: audit: %w", err)
	}
	return f, nil
}

func (s *Service) intake(ctx context.Context, d Detail) (Intake, error) {
	m, err := s.st.MessageByMsgID(ctx, d.CorpID, d.MsgID)
	if errors.Is(err, store.ErrNotFound) { // purged by retention after closing: the alert kept its text
		m, err = store.Message{CorpID: d.CorpID, MsgID: d.MsgID, Content: d.Text, ToList: "[]"}, nil
	}
	if err != nil {
		return Intake{}, err
	}
	rec := Intake{AlertID: d.ID, Corp: d.Corp, CorpID: d.CorpID, MsgID: d.MsgID, ConversationID: d.ConversationID,
		MsgType: m.MsgType, Labels: d.Labels, Severity: d.Severity, AwarenessAt: d.MsgTime,
		AwarenessTime: time.UnixMilli(d.MsgTime).UTC().Format(time.RFC3339), DueAt: d.DueAt, Disposition: d.Disposition,
		CaseNumber: d.CaseNumber, MessageText: m.Content, ExportedAt: s.nowMS(), ExportedBy: actor(ctx)}
	if tr, ok := s.st.(TranscriptReader); ok {
		if rec.TranscriptText, err = tr.MessageTranscriptText(ctx, d.CorpID, d.MsgID); err != nil {
			return Intake{}, err
		}
	}
	var to []string
	_ = json.Unmarshal([]byte(m.ToList), &to)
	names, err := s.st.PartyNames(ctx, d.CorpID, append([]string{m.From}, to...))
	if err != nil {
		return Intake{}, err
	}
	party := func(id, role string) Party {
		return Party{ID: id, Name: names[id].Name, Kind: names[id].Kind, Role: role}
	}
	rec.Parties = append(rec.Parties, party(m.From, "sender"))
	for _, t := range to {
		rec.Parties = append(rec.Parties, party(t, "recipient"))
	}
	rec.Employee = party(d.Employee, "employee")
	var hits []detect.Hit
	_ = json.Unmarshal(d.Hits, &hits)
	rec.Patient, rec.Product, rec.Event = criteria(hits)
	// The reporter is who told the company: the sender, identifiable by
	// their WeCom id (and name when synced).
	rec.Reporter = Criterion{Present: m.From != "", Evidence: []string{}}
	if m.From != "" {
		rec.Reporter.Evidence = append(rec.Reporter.Evidence, strings.TrimSpace(m.From+" "+names[m.From].Name))
	}
	return rec, nil
}

// criteria sorts the hits into patient, product and event evidence.
func criteria(hits []detect.Hit) (patient, product, event Criterion) {
	add := func(c *Criterion, v string) {
		if v != "" && !slices.Contains(c.Evidence, v) {
			c.Evidence = append(c.Evidence, v)
		}
		c.Present = len(c.Evidence) > 0
	}
	patient.Evidence, product.Evidence, event.Evidence = []string{}, []string{}, []string{}
	for _, h := range hits {
		rule := strings.ToLower(h.Rule)
		switch {
		case h.Label == detect.LabelPII || strings.Contains(rule, "patient"):
			add(&patient, h.Text)
		case h.Label == detect.LabelAE && !strings.Contains(rule, "product"):
			add(&event, h.Text)
		}
		if h.Product != "" {
			add(&product, h.Product)
		} else if strings.Contains(rule, "product") {
			add(&product, h.Text)
		}
	}
	return patient, product, event
}

// intakeCSV is the record as one header row and one value row.
func intakeCSV(r Intake) ([]byte, error) {
	due := ""
	if r.DueAt != nil {
		due = time.UnixMilli(*r.DueAt).UTC().Format(time.RFC3339)
	}
	parties := make([]string, 0, len(r.Parties))
	for _, p := range r.Parties {
		parties = append(parties, strings.TrimSpace(p.Role+":"+p.ID+" "+p.Name))
	}
	crit := func(c Criterion) (string, string) {
		return fmt.Sprint(c.Present), strings.Join(c.Evidence, "; ")
	}
	pp, pe := crit(r.Patient)
	rp, re := crit(r.Reporter)
	sp, se := crit(r.Product)
	ep, ee := crit(r.Event)
	cols := [][2]string{
		{"alert_id", fmt.Sprint(r.AlertID)}, {"corp", r.Corp}, {"corp_id", r.CorpID}, {"msgid", r.MsgID},
		{"conversation_id", r.ConversationID}, {"msgtype", r.MsgType}, {"labels", strings.Join(r.Labels, ";")},
		{"severity", r.Severity}, {"awareness_time", r.AwarenessTime}, {"due_time", due},
		{"disposition", r.Disposition}, {"case_number", r.CaseNumber},
		{"identifiable_patient", pp}, {"patient_evidence", pe}, {"identifiable_reporter", rp}, {"reporter_evidence", re},
		{"suspect_product", sp}, {"product_evidence", se}, {"adverse_event", ep}, {"event_evidence", ee},
		{"employee", strings.TrimSpace(r.Employee.ID + " " + r.Employee.Name)}, {"parties", strings.Join(parties, "; ")},
		{"message_text", r.MessageText}, {"transcript_text", r.TranscriptText},
		{"exported_time", time.UnixMilli(r.ExportedAt).UTC().Format(time.RFC3339)}, {"exported_by", r.ExportedBy},
	}
	var head, vals []string
	for _, c := range cols {
		head, vals = append(head, c[0]), append(vals, csvcell.Neutralize(c[1]))
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel reads UTF-8 Chinese only with the BOM
	w := csv.NewWriter(&buf)
	_ = w.Write(head)
	_ = w.Write(vals)
	w.Flush()
	return buf.Bytes(), w.Error()
}

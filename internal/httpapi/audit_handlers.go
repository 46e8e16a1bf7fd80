package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

type auditJSON struct {
	ID        int64           `json:"id"`
	At        int64           `json:"at"`
	Actor     string          `json:"actor"`
	ActorType string          `json:"actor_type"`
	IP        string          `json:"ip"`
	UserAgent string          `json:"user_agent"`
	Action    string          `json:"action"`
	Target    string          `json:"target"`
	CorpID    string          `json:"corp_id"`
	Outcome   string          `json:"outcome"`
	Reason    string          `json:"reason"`
	RequestID string          `json:"request_id"`
	Metadata  json.RawMessage `json:"metadata"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

func toAuditJSON(e store.AuditEvent) auditJSON {
	meta := json.RawMessage(e.Metadata)
	if !json.Valid(meta) {
		meta = json.RawMessage("{}")
	}
	return auditJSON{e.ID, e.At, e.Actor, e.ActorType, e.IP, e.UserAgent, e.Action, e.Target, e.CorpID, e.Outcome,
		e.Reason, e.RequestID, meta, e.PrevHash, e.Hash}
}

// parseTime reads Unix milliseconds or RFC 3339.
func parseTime(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return 0, invalid("", "from/to must be Unix milliseconds or RFC 3339", map[string]string{"value": v})
	}
	return t.UnixMilli(), nil
}

func auditFilter(q url.Values) (audit.Filter, error) {
	f := audit.Filter{Actor: q.Get("actor"), Action: q.Get("action"), Target: q.Get("target"), Outcome: q.Get("outcome"),
		CorpID: q.Get("corp")}
	var err error
	if f.From, err = parseTime(q.Get("from")); err != nil {
		return f, err
	}
	if f.To, err = parseTime(q.Get("to")); err != nil {
		return f, err
	}
	if c := q.Get("cursor"); c != "" {
		if f.BeforeID, err = strconv.ParseInt(c, 10, 64); err != nil {
			return f, badRequest("cursor", "bad cursor")
		}
	}
	if l := q.Get("limit"); l != "" {
		if f.Limit, err = strconv.Atoi(l); err != nil || f.Limit < 1 || f.Limit > 500 {
			return f, invalid("limit", "limit must be 1-500", map[string]string{"field": "limit"})
		}
	}
	return f, nil
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	es, next, err := s.d.Audit.List(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]auditJSON, 0, len(es))
	for _, e := range es {
		items = append(items, toAuditJSON(e))
	}
	writeJSON(w, http.StatusOK, pageView[auditJSON]{Items: items, NextCursor: next})
	return nil
}

func (s *Server) getAudit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err == nil {
		var e store.AuditEvent
		if e, err = s.d.Audit.Get(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, toAuditJSON(e))
			return nil
		}
	}
	return err
}

func (s *Server) auditActions(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, itemsOf(audit.Actions()))
	return nil
}

// verifyAudit walks the chain; the verification itself is recorded.
func (s *Server) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.d.Audit.Verify(r.Context())
	if err != nil {
		return err
	}
	outcome := audit.Success
	if !rep.Intact {
		outcome = audit.Failure
	}
	if err := s.d.Audit.Record(r.Context(), audit.Event{Action: audit.AuditVerify, Target: "audit", Outcome: outcome,
		Reason: rep.Reason, Metadata: map[string]any{"checked": rep.Checked, "head_id": rep.HeadID}}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	x, err := s.d.Audit.ExportCSV(r.Context(), f)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="audit-`+time.Now().UTC().Format("20060102-150405")+`.csv"`)
	h.Set("X-Content-SHA256", x.SHA256)
	h.Set("Cache-Control", "no-store")
	// Streamed: the status is sent, so a failure now can only be logged.
	if err := x.WriteTo(r.Context(), w); err != nil {
		s.d.Log.ErrorContext(r.Context(), "audit export stream", "err", err)
	}
	return nil
}

type checkpointJSON struct {
	ID          int64  `json:"id"`
	At          int64  `json:"at"`
	LastEventID int64  `json:"last_event_id"`
	LastHash    string `json:"last_hash"`
	EventCount  int64  `json:"event_count"`
	KeyID       string `json:"key_id"`
	Signature   string `json:"signature"`
	Valid       bool   `json:"valid"`
}

// checkpointsView lists the signed checkpoints with the key that checks them
// (public_key and key_id are "" when no signing key is configured).
type checkpointsView struct {
	Algorithm string           `json:"algorithm"`
	Items     []checkpointJSON `json:"items"`
	KeyID     string           `json:"key_id"`
	PublicKey string           `json:"public_key"`
}

func (s *Server) listCheckpoints(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.d.Audit.Checkpoints(r.Context(), 200)
	if err != nil {
		return err
	}
	items := make([]checkpointJSON, 0, len(cs))
	for _, c := range cs {
		items = append(items, checkpointJSON{c.ID, c.At, c.LastEventID, c.LastHash, c.EventCount, c.KeyID, c.Signature, c.Valid})
	}
	out := checkpointsView{Algorithm: "ed25519", Items: items}
	if sg := s.d.Audit.Signer(); sg != nil {
		out.PublicKey, out.KeyID = sg.PublicKey(), sg.KeyID()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createCheckpoint(w http.ResponseWriter, r *http.Request) error {
	c, err := s.d.Audit.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	valid := s.d.Audit.Signer().Verify(c)
	writeJSON(w, http.StatusCreated, checkpointJSON{c.ID, c.At, c.LastEventID, c.LastHash, c.EventCount, c.KeyID, c.Signature, valid})
	return nil
}

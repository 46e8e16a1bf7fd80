package httpapi

import (
	"net/http"
	"time"

	"wecomadmin/internal/lake"
)

func (s *Server) lakeCorp(w http.ResponseWriter, r *http.Request) (string, bool) {
	corp, err := s.d.Lake.ResolveCorp(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return "", false
	}
	return corp, true
}

// GET /api/v1/lake?corp= : destination, settings, watermarks, recent runs.
func (s *Server) getLake(w http.ResponseWriter, r *http.Request) {
	corp, ok := s.lakeCorp(w, r)
	if !ok {
		return
	}
	o, err := s.d.Lake.Overview(r.Context(), corp)
	s.reply(w, r, http.StatusOK, o, err)
}

// GET /api/v1/lake/runs?corp=&limit=
func (s *Server) listLakeRuns(w http.ResponseWriter, r *http.Request) {
	corp, ok := s.lakeCorp(w, r)
	if !ok {
		return
	}
	runs, err := s.d.Lake.Runs(r.Context(), corp, queryInt(r, "limit", 50))
	s.reply(w, r, http.StatusOK, itemsOf(runs), err)
}

// POST /api/v1/lake/runs?corp= runs the feed now; a failed run is resumed (retry).
func (s *Server) runLake(w http.ResponseWriter, r *http.Request) {
	corp, ok := s.lakeCorp(w, r)
	if !ok {
		return
	}
	res, err := s.d.Lake.Export(r.Context(), corp, "api")
	s.reply(w, r, http.StatusOK, res, err)
}

// PUT /api/v1/lake/settings?corp= {"media_bytes","mask_pii","compliance_formats"}
func (s *Server) putLakeSettings(w http.ResponseWriter, r *http.Request) {
	corp, ok := s.lakeCorp(w, r)
	if !ok {
		return
	}
	var body struct {
		MediaBytes        bool     `json:"media_bytes"`
		MaskPII           bool     `json:"mask_pii"`
		ComplianceFormats []string `json:"compliance_formats"`
	}
	err := decodeJSON(r, &body)
	var out lake.Settings
	if err == nil {
		out, err = s.d.Lake.SetSettings(r.Context(), lake.Settings{CorpID: corp, MediaBytes: body.MediaBytes, MaskPII: body.MaskPII,
			ComplianceFormats: body.ComplianceFormats})
	}
	s.reply(w, r, http.StatusOK, out, err)
}

// POST /api/v1/lake/compliance?corp= {"format":"actiance|eml|signed-jsonl","from","to" (RFC 3339),"max_bytes"}
func (s *Server) createLakeCompliance(w http.ResponseWriter, r *http.Request) {
	corp, ok := s.lakeCorp(w, r)
	if !ok {
		return
	}
	var body struct {
		Format   string    `json:"format"`
		From     time.Time `json:"from"`
		To       time.Time `json:"to"`
		MaxBytes int64     `json:"max_bytes"`
	}
	err := decodeJSON(r, &body)
	var out lake.ComplianceResult
	if err == nil {
		out, err = s.d.Lake.ExportCompliance(r.Context(), lake.ComplianceRequest{CorpID: corp, Format: body.Format,
			From: body.From, To: body.To, MaxBytes: body.MaxBytes})
	}
	s.reply(w, r, http.StatusOK, out, err)
}

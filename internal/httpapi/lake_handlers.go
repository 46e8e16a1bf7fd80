package httpapi

import (
	"net/http"
	"time"

	"wecomadmin/internal/lake"
)

func (s *Server) lakeCorp(r *http.Request) (string, error) {
	corp, err := s.d.Lake.ResolveCorp(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		return "", err
	}
	return corp, nil
}

// GET /api/v1/lake?corp= : destination, settings, watermarks, recent runs.
func (s *Server) getLake(w http.ResponseWriter, r *http.Request) error {
	corp, err := s.lakeCorp(r)
	if err != nil {
		return err
	}
	o, err := s.d.Lake.Overview(r.Context(), corp)
	return answer(w, http.StatusOK, o, err)
}

// GET /api/v1/lake/runs?corp=&limit=
func (s *Server) listLakeRuns(w http.ResponseWriter, r *http.Request) error {
	corp, err := s.lakeCorp(r)
	if err != nil {
		return err
	}
	runs, err := s.d.Lake.Runs(r.Context(), corp, queryInt(r, "limit", 50))
	return answer(w, http.StatusOK, itemsOf(runs), err)
}

// POST /api/v1/lake/runs?corp= runs the feed now; a failed run is resumed (retry).
func (s *Server) runLake(w http.ResponseWriter, r *http.Request) error {
	corp, err := s.lakeCorp(r)
	if err != nil {
		return err
	}
	res, err := s.d.Lake.Export(r.Context(), corp, "api")
	return answer(w, http.StatusOK, res, err)
}

// PUT /api/v1/lake/settings?corp= {"media_bytes","mask_pii","compliance_formats"}
func (s *Server) putLakeSettings(w http.ResponseWriter, r *http.Request) error {
	corp, err := s.lakeCorp(r)
	if err != nil {
		return err
	}
	var body struct {
		MediaBytes        bool     `json:"media_bytes"`
		MaskPII           bool     `json:"mask_pii"`
		ComplianceFormats []string `json:"compliance_formats"`
	}
	err = decodeJSON(r, &body)
	var out lake.Settings
	if err == nil {
		out, err = s.d.Lake.SetSettings(r.Context(), lake.Settings{CorpID: corp, MediaBytes: body.MediaBytes, MaskPII: body.MaskPII,
			ComplianceFormats: body.ComplianceFormats})
	}
	return answer(w, http.StatusOK, out, err)
}

// POST /api/v1/lake/compliance?corp= {"format":"actiance|eml|signed-jsonl","from","to" (RFC 3339),"max_bytes"}
func (s *Server) createLakeCompliance(w http.ResponseWriter, r *http.Request) error {
	corp, err := s.lakeCorp(r)
	if err != nil {
		return err
	}
	var body struct {
		Format   string    `json:"format"`
		From     time.Time `json:"from"`
		To       time.Time `json:"to"`
		MaxBytes int64     `json:"max_bytes"`
	}
	err = decodeJSON(r, &body)
	var out lake.ComplianceResult
	if err == nil {
		out, err = s.d.Lake.ExportCompliance(r.Context(), lake.ComplianceRequest{CorpID: corp, Format: body.Format,
			From: body.From, To: body.To, MaxBytes: body.MaxBytes})
	}
	return answer(w, http.StatusOK, out, err)
}

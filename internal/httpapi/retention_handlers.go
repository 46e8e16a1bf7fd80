package httpapi

import (
	"net/http"

	"wecomadmin/internal/store"
)

// GET /api/v1/retention?corp=
func (s *Server) listRetention(w http.ResponseWriter, r *http.Request) error {
	rules, err := s.d.Retention.Rules(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, retentionRulesView{FloorDays: s.d.Retention.FloorDays(), Items: rules}, err)
}

// PUT /api/v1/retention {"corp_id","msgtype","department","days"}
func (s *Server) putRetention(w http.ResponseWriter, r *http.Request) error {
	var rule store.RetentionRule
	err := decodeJSON(r, &rule)
	if err == nil {
		rule, err = s.d.Retention.SetRule(r.Context(), rule)
	}
	return answer(w, http.StatusOK, rule, err)
}

// DELETE /api/v1/retention/{id}?corp=
func (s *Server) deleteRetention(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err == nil {
		err = s.d.Retention.DeleteRule(r.Context(), r.URL.Query().Get("corp"), id)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// POST /api/v1/retention/run?corp= runs the sweep now.
func (s *Server) runRetention(w http.ResponseWriter, r *http.Request) error {
	res, err := s.d.Retention.Run(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, res, err)
}

// GET /api/v1/holds?corp=
func (s *Server) listHolds(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.d.Retention.Holds(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, itemsOf(hs), err)
}

// POST /api/v1/holds and PUT /api/v1/holds/{id} {"corp_id","matter","employees","contacts","rooms","from","to"}
func (s *Server) saveHold(w http.ResponseWriter, r *http.Request) error {
	var h store.LegalHold
	err := decodeJSON(r, &h)
	h.ID = 0
	if err == nil && r.PathValue("id") != "" {
		h.ID, err = pathID(r)
	}
	if err == nil {
		h, err = s.d.Retention.SaveHold(r.Context(), h)
	}
	return answer(w, http.StatusOK, h, err)
}

// POST /api/v1/holds/{id}/release?corp= {"reason"}
func (s *Server) releaseHold(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Reason string `json:"reason"`
	}
	id, err := pathID(r)
	if err == nil && r.ContentLength != 0 {
		err = decodeJSON(r, &body)
	}
	var h store.LegalHold
	if err == nil {
		h, err = s.d.Retention.ReleaseHold(r.Context(), r.URL.Query().Get("corp"), id, body.Reason)
	}
	return answer(w, http.StatusOK, h, err)
}

// retentionRulesView lists the rules with the floor no rule may go below.
type retentionRulesView struct {
	FloorDays int                   `json:"floor_days"`
	Items     []store.RetentionRule `json:"items"`
}

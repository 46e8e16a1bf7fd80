package httpapi

import (
	"net/http"

	"wecomadmin/internal/store"
)

// POST /api/v1/retention {"corp_id","msgtype","department","days"}: a new
// rule (or the one for the same msgtype and department replaced).
func (s *Server) createRetention(w http.ResponseWriter, r *http.Request) error {
	var rule store.RetentionRule
	err := decodeJSON(r, &rule)
	if err == nil {
		rule.ID = 0
		rule, err = s.d.Retention.SetRule(r.Context(), rule)
	}
	return answer(w, http.StatusCreated, rule, err)
}

// PUT /api/v1/retention/{id} {"corp_id","msgtype","department","days"}
func (s *Server) updateRetention(w http.ResponseWriter, r *http.Request) error {
	var rule store.RetentionRule
	id, err := pathID(r)
	if err == nil {
		err = decodeJSON(r, &rule)
	}
	if err == nil {
		rule.ID = id
		rule, err = s.d.Retention.UpdateRule(r.Context(), rule)
	}
	return answer(w, http.StatusOK, rule, err)
}

// GET /api/v1/retention/preview?corp= : what a sweep would delete now
// (counts by msgtype, rule and hold), nothing changed.
func (s *Server) previewRetention(w http.ResponseWriter, r *http.Request) error {
	p, err := s.d.Retention.Preview(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, p, err)
}

// GET /api/v1/holds/{id}?corp= (also under /api/v1/retention/holds)
func (s *Server) getHold(w http.ResponseWriter, r *http.Request) error {
	var h store.LegalHold
	id, err := pathID(r)
	if err == nil {
		h, err = s.d.Retention.Hold(r.Context(), r.URL.Query().Get("corp"), id)
	}
	return answer(w, http.StatusOK, h, err)
}

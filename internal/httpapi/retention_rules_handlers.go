package httpapi

import (
	"net/http"

	"wecomadmin/internal/store"
)

// POST /api/v1/retention {"corp_id","msgtype","department","days"}: a new
// rule (or the one for the same msgtype and department replaced).
func (s *Server) createRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	var rule store.RetentionRule
	if err := decodeJSON(r, &rule); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	rule.ID = 0
	out, err := s.d.Retention.SetRule(r.Context(), rule)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// PUT /api/v1/retention/{id} {"corp_id","msgtype","department","days"}
func (s *Server) updateRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	var rule store.RetentionRule
	id, err := pathID(r)
	if err == nil {
		err = decodeJSON(r, &rule)
	}
	if err == nil {
		rule.ID = id
		if rule, err = s.d.Retention.UpdateRule(r.Context(), rule); err == nil {
			writeJSON(w, http.StatusOK, rule)
			return
		}
	}
	writeError(w, r, s.d.Log, err)
}

// GET /api/v1/retention/preview?corp= : what a sweep would delete now
// (counts by msgtype, rule and hold), nothing changed.
func (s *Server) previewRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	p, err := s.d.Retention.Preview(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// GET /api/v1/holds/{id}?corp= (also under /api/v1/retention/holds)
func (s *Server) getHold(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	id, err := pathID(r)
	if err == nil {
		var h store.LegalHold
		if h, err = s.d.Retention.Hold(r.Context(), r.URL.Query().Get("corp"), id); err == nil {
			writeJSON(w, http.StatusOK, h)
			return
		}
	}
	writeError(w, r, s.d.Log, err)
}

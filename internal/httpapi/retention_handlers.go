package httpapi

import (
	"net/http"

	"wecomadmin/internal/store"
)

func (s *Server) needRetention(w http.ResponseWriter, r *http.Request) bool {
	if s.d.Retention == nil {
		writeError(w, r, s.d.Log, errUnavailable)
		return false
	}
	return true
}

// GET /api/v1/retention?corp=
func (s *Server) listRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	rules, err := s.d.Retention.Rules(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": rules, "floor_days": s.d.Retention.FloorDays()})
}

// PUT /api/v1/retention {"corp_id","msgtype","department","days"}
func (s *Server) putRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	var rule store.RetentionRule
	if err := decodeJSON(r, &rule); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	out, err := s.d.Retention.SetRule(r.Context(), rule)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// DELETE /api/v1/retention/{id}?corp=
func (s *Server) deleteRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	id, err := pathID(r)
	if err == nil {
		err = s.d.Retention.DeleteRule(r.Context(), r.URL.Query().Get("corp"), id)
	}
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// POST /api/v1/retention/run?corp= runs the sweep now.
func (s *Server) runRetention(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	res, err := s.d.Retention.Run(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// GET /api/v1/holds?corp=
func (s *Server) listHolds(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	hs, err := s.d.Retention.Holds(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": hs})
}

// POST /api/v1/holds and PUT /api/v1/holds/{id} {"corp_id","matter","employees","contacts","rooms","from","to"}
func (s *Server) saveHold(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	var h store.LegalHold
	if err := decodeJSON(r, &h); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	h.ID = 0
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			writeError(w, r, s.d.Log, err)
			return
		}
		h.ID = id
	}
	out, err := s.d.Retention.SaveHold(r.Context(), h)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// POST /api/v1/holds/{id}/release?corp= {"reason"}
func (s *Server) releaseHold(w http.ResponseWriter, r *http.Request) {
	if !s.needRetention(w, r) {
		return
	}
	var body struct {
		Reason string `json:"reason"`
	}
	id, err := pathID(r)
	if err == nil && r.ContentLength != 0 {
		err = decodeJSON(r, &body)
	}
	if err == nil {
		var h store.LegalHold
		if h, err = s.d.Retention.ReleaseHold(r.Context(), r.URL.Query().Get("corp"), id, body.Reason); err == nil {
			writeJSON(w, http.StatusOK, h)
			return
		}
	}
	writeError(w, r, s.d.Log, err)
}

package wecomsim

import (
	"encoding/json"
	"net/http"
)

// Sim-only helpers under /sim/ (no token; the simulator listens on loopback).
// They stand for things that happen inside WeCom, not in qyapi.

// simTFACode: POST /sim/tfa_code {"userid"} → {"code"}, the ?code= WeCom
// would put on the TFA page URL.
func (s *Server) simTFACode(w http.ResponseWriter, r *http.Request) {
	var b struct {
		UserID string `json:"userid"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		writeJSON(w, http.StatusBadRequest, obj{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	code, err := s.IssueTFACode(b.UserID)
	if err != nil {
		writeJSON(w, http.StatusOK, obj{"errcode": Code(err), "errmsg": err.(*Error).Msg})
		return
	}
	writeJSON(w, http.StatusOK, obj{"errcode": 0, "errmsg": "ok", "code": code})
}

// simWelcomeCode: POST /sim/welcome_code {"userid","external_userid"} →
// {"welcome_code"} valid 20 s.
func (s *Server) simWelcomeCode(w http.ResponseWriter, r *http.Request) {
	var b struct {
		UserID         string `json:"userid"`
		ExternalUserID string `json:"external_userid"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		writeJSON(w, http.StatusBadRequest, obj{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	writeJSON(w, http.StatusOK, obj{"errcode": 0, "errmsg": "ok", "welcome_code": s.IssueWelcomeCode(b.UserID, b.ExternalUserID)})
}

// simHash: GET /sim/directory/hash → {"hash"} of the whole directory.
func (s *Server) simHash(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, obj{"errcode": 0, "errmsg": "ok", "hash": s.dir.Hash()})
}

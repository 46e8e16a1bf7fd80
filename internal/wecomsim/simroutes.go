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

func decodeSim(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, obj{"errcode": 47001, "errmsg": "data format error"})
		return false
	}
	return true
}

func writeSim(w http.ResponseWriter, res obj, err error) {
	if err != nil {
		writeJSON(w, http.StatusOK, obj{"errcode": Code(err), "errmsg": err.Error()})
		return
	}
	res["errcode"], res["errmsg"] = 0, "ok"
	writeJSON(w, http.StatusOK, res)
}

// simAddContact: POST /sim/external_contact/add {"userid", "external_userid"?,
// "state"?} → {"external_userid", "welcome_code"}: the member adds a customer
// in the WeCom app (a new generated HCP unless external_userid names one).
func (s *Server) simAddContact(w http.ResponseWriter, r *http.Request) {
	var b struct {
		UserID         string `json:"userid"`
		ExternalUserID string `json:"external_userid"`
		State          string `json:"state"`
	}
	if !decodeSim(w, r, &b) {
		return
	}
	c, ok := s.dir.ExternalContact(b.ExternalUserID)
	if !ok {
		c = s.dir.newContact()
	}
	code, err := s.dir.AddExternalContact(c, FollowRelation{UserID: b.UserID, State: b.State, AddWay: 1, OperUserID: c.ExternalUserID})
	writeSim(w, obj{"external_userid": c.ExternalUserID, "welcome_code": code}, err)
}

// simDeleteContact: POST /sim/external_contact/delete {"userid",
// "external_userid", "by": "customer"|"employee"}.
func (s *Server) simDeleteContact(w http.ResponseWriter, r *http.Request) {
	var b struct {
		UserID         string `json:"userid"`
		ExternalUserID string `json:"external_userid"`
		By             string `json:"by"`
	}
	if !decodeSim(w, r, &b) {
		return
	}
	var err error
	switch b.By {
	case "customer":
		err = s.dir.DeleteFollowByCustomer(b.UserID, b.ExternalUserID)
	case "employee":
		err = s.dir.DeleteFollowByEmployee(b.UserID, b.ExternalUserID)
	default:
		err = errf(40058, `by must be "customer" or "employee"`)
	}
	writeSim(w, obj{}, err)
}

// simUserStatus: POST /sim/user/status {"userid", "status"} (1, 2, 4, 5).
func (s *Server) simUserStatus(w http.ResponseWriter, r *http.Request) {
	var b struct {
		UserID string `json:"userid"`
		Status int    `json:"status"`
	}
	if !decodeSim(w, r, &b) {
		return
	}
	var err error
	switch b.Status {
	case StatusActive, StatusDisabled, StatusNotActive, StatusExited:
		err = s.dir.SetUserStatus(b.UserID, b.Status)
	default:
		err = errf(40058, "status must be 1, 2, 4 or 5")
	}
	writeSim(w, obj{}, err)
}

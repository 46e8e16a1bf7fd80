package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/contacts"
)

func (s *Server) createTransfer(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	var req contacts.TransferRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := corpAllowed(r.Context(), req.CorpID); err != nil {
		return err
	}
	t, err := svc.CreateTransfer(r.Context(), req, actorName(r.Context()))
	return answer(w, http.StatusCreated, t, err)
}

// leaverTransfer applies the rule "all of a leaver's customers and groups
// to their manager" (pool empty) or "spread over a named pool".
func (s *Server) leaverTransfer(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	var req struct {
		CorpID string   `json:"corp_id"`
		Leaver string   `json:"leaver_userid"`
		Pool   []string `json:"pool"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.CorpID == "" || req.Leaver == "" {
		return invalid("", "corp_id and leaver_userid are required", nil)
	}
	if err := corpAllowed(r.Context(), req.CorpID); err != nil {
		return err
	}
	ts, err := svc.HandOverLeaver(r.Context(), req.CorpID, req.Leaver, contacts.LeaverRule{Pool: req.Pool}, actorName(r.Context()))
	return answer(w, http.StatusCreated, ts, err)
}

func (s *Server) listTransfers(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	corp, err := optionalCorp(r)
	if err != nil {
		return err
	}
	ts, err := svc.Transfers(r.Context(), corp, min(queryInt(r, "limit", 100), 500))
	return answer(w, http.StatusOK, itemsOf(ts), err)
}

func (s *Server) getTransfer(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return badRequest("id", "invalid transfer id")
	}
	t, err := svc.Transfer(r.Context(), id)
	if err == nil {
		err = corpAllowed(r.Context(), t.CorpID)
	}
	return answer(w, http.StatusOK, t, err)
}

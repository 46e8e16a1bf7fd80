package httpapi

import (
	"errors"
	"net/http"

	"wecomadmin/internal/accounts"
)

func (s *Server) listCorps(w http.ResponseWriter, r *http.Request) {
	if s.d.Accounts == nil {
		writeError(w, r, s.d.Log, errUnavailable)
		return
	}
	corps, err := s.d.Accounts.Corps(r.Context())
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, corps)
}

func (s *Server) createCorp(w http.ResponseWriter, r *http.Request) { s.saveCorp(w, r, true) }
func (s *Server) updateCorp(w http.ResponseWriter, r *http.Request) { s.saveCorp(w, r, false) }

// saveCorp takes secrets write-only: the answer shows them as set/unset.
func (s *Server) saveCorp(w http.ResponseWriter, r *http.Request, create bool) {
	if s.d.Accounts == nil {
		writeError(w, r, s.d.Log, errUnavailable)
		return
	}
	var in accounts.CorpInput
	if err := decodeJSON(r, &in); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	v, err := s.d.Accounts.SaveCorp(r.Context(), in, create)
	if fe := (*accounts.FieldError)(nil); errors.As(err, &fe) {
		// The form shows the field and why, not a generic message.
		err = invalid(fe.Error(), fe)
	}
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	status := http.StatusOK
	if create {
		status = http.StatusCreated
	}
	writeJSON(w, status, v)
}

// getAccountSettings returns a corp's HR sync rules, licence quota and
// WW_verify file.
func (s *Server) getAccountSettings(w http.ResponseWriter, r *http.Request) {
	if s.d.Accounts == nil {
		writeError(w, r, s.d.Log, errUnavailable)
		return
	}
	st, err := s.d.Accounts.Settings(r.Context(), r.PathValue("key"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) putAccountSettings(w http.ResponseWriter, r *http.Request) {
	if s.d.Accounts == nil {
		writeError(w, r, s.d.Log, errUnavailable)
		return
	}
	var st accounts.Settings
	if err := decodeJSON(r, &st); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	if err := s.d.Accounts.SaveSettings(r.Context(), r.PathValue("key"), st); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

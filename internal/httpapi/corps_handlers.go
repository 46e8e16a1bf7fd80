package httpapi

import (
	"errors"
	"net/http"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/store"
)

func (s *Server) listCorps(w http.ResponseWriter, r *http.Request) error {
	corps, err := s.d.Accounts.Corps(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, corps)
	return nil
}

func (s *Server) createCorp(w http.ResponseWriter, r *http.Request) error {
	return s.saveCorp(w, r, true)
}
func (s *Server) updateCorp(w http.ResponseWriter, r *http.Request) error {
	return s.saveCorp(w, r, false)
}

// saveCorp takes secrets write-only: the answer shows them as set/unset.
func (s *Server) saveCorp(w http.ResponseWriter, r *http.Request, create bool) error {
	var in accounts.CorpInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.d.Accounts.SaveCorp(r.Context(), in, create)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if create {
		status = http.StatusCreated
	}
	writeJSON(w, status, v)
	return nil
}

// deleteCorp removes a corp without data once the body repeats its name:
// {"confirm": "<corp name>"}. A corp with data answers corp_has_data with
// the counts in details, so the UI says what keeps it.
func (s *Server) deleteCorp(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Confirm string `json:"confirm"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	err := s.d.Accounts.DeleteCorp(r.Context(), r.PathValue("key"), in.Confirm)
	if iu := (*store.CorpInUseError)(nil); errors.As(err, &iu) {
		err = &detailedError{safeError{http.StatusConflict, "corp_has_data",
			"the corp still has messages, employees, contacts or legal holds; it can be deleted once it has none"}, iu.Data}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, deletedView[string]{Deleted: r.PathValue("key")})
	return nil
}

// getAccountSettings returns a corp's HR sync rules, licence quota and
// WW_verify file.
func (s *Server) getAccountSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.d.Accounts.Settings(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) putAccountSettings(w http.ResponseWriter, r *http.Request) error {
	var st accounts.Settings
	if err := decodeJSON(r, &st); err != nil {
		return err
	}
	if err := s.d.Accounts.SaveSettings(r.Context(), r.PathValue("key"), st); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

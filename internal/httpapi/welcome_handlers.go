package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/contacts"
)

func (s *Server) listWelcomeTemplates(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	corp, err := optionalCorp(r)
	if err != nil {
		return err
	}
	ts, err := svc.Templates(r.Context(), corp)
	return answer(w, http.StatusOK, itemsOf(ts), err)
}

func (s *Server) saveWelcomeTemplate(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	var in contacts.TemplateInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := corpAllowed(r.Context(), in.CorpID); err != nil {
		return err
	}
	status := http.StatusCreated
	if p := r.PathValue("id"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return badRequest("id", "invalid template id")
		}
		in.ID, status = id, http.StatusOK
	} else {
		in.ID = 0
	}
	id, err := svc.SaveTemplate(r.Context(), in, actorName(r.Context()))
	if err != nil {
		return err
	}
	writeJSON(w, status, idView{ID: id})
	return nil
}

func (s *Server) deleteWelcomeTemplate(w http.ResponseWriter, r *http.Request) error {
	svc, corp, err := s.contactsCorp(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return badRequest("id", "invalid template id")
	}
	if err := svc.DeleteTemplate(r.Context(), corp, id, actorName(r.Context())); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, deletedView[int64]{Deleted: id})
	return nil
}

// welcomeReport lists recent sends with the receipt→send delay p50/p99.
func (s *Server) welcomeReport(w http.ResponseWriter, r *http.Request) error {
	svc := s.d.Contacts
	corp, err := optionalCorp(r)
	if err != nil {
		return err
	}
	rep, err := svc.WelcomeReport(r.Context(), corp, min(queryInt(r, "limit", 200), 1000))
	return answer(w, http.StatusOK, rep, err)
}

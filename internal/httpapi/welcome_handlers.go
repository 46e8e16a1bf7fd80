package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/contacts"
)

func (s *Server) listWelcomeTemplates(w http.ResponseWriter, r *http.Request) {
	svc := s.d.Contacts
	corp, err := optionalCorp(r)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	ts, err := svc.Templates(r.Context(), corp)
	s.reply(w, r, http.StatusOK, itemsOf(ts), err)
}

func (s *Server) saveWelcomeTemplate(w http.ResponseWriter, r *http.Request) {
	svc := s.d.Contacts
	var in contacts.TemplateInput
	if err := decodeJSON(r, &in); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	if err := corpAllowed(r.Context(), in.CorpID); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	status := http.StatusCreated
	if p := r.PathValue("id"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			writeError(w, r, s.d.Log, badRequest("invalid template id"))
			return
		}
		in.ID, status = id, http.StatusOK
	} else {
		in.ID = 0
	}
	id, err := svc.SaveTemplate(r.Context(), in, actorName(r.Context()))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, status, idView{ID: id})
}

func (s *Server) deleteWelcomeTemplate(w http.ResponseWriter, r *http.Request) {
	svc, corp, ok := s.contactsCorp(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, r, s.d.Log, badRequest("invalid template id"))
		return
	}
	if err := svc.DeleteTemplate(r.Context(), corp, id, actorName(r.Context())); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, deletedView[int64]{Deleted: id})
}

// welcomeReport lists recent sends with the receipt→send delay p50/p99.
func (s *Server) welcomeReport(w http.ResponseWriter, r *http.Request) {
	svc := s.d.Contacts
	corp, err := optionalCorp(r)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	rep, err := svc.WelcomeReport(r.Context(), corp, min(queryInt(r, "limit", 200), 1000))
	s.reply(w, r, http.StatusOK, rep, err)
}

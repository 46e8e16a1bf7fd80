package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

// GET /api/v1/conversations?corp=&employee=&contact=&room=&kind=&limit=&cursor=
func (s *Server) listConversations(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	f := store.ConversationFilter{CorpID: v.Get("corp"), Employee: v.Get("employee"), Contact: v.Get("contact"),
		RoomID: v.Get("room"), Kind: v.Get("kind")}
	limit, _ := strconv.Atoi(v.Get("limit"))
	res, err := s.d.Search.Conversations(r.Context(), f, limit, v.Get("cursor"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// GET /api/v1/conversations/{id}/messages?corp=&around=MSGID|before=CURSOR|after=CURSOR&limit=
func (s *Server) conversationThread(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	req := search.ThreadRequest{CorpID: v.Get("corp"), ConversationID: r.PathValue("id"), Around: v.Get("around")}
	for name, dst := range map[string]*int64{"before": &req.Before, "after": &req.After} {
		if c := v.Get(name); c != "" {
			n, err := strconv.ParseInt(c, 10, 64)
			if err != nil {
				return invalid(name, name+" is not a cursor this API returned", map[string]string{name: c})
			}
			*dst = n
		}
	}
	req.Limit, _ = strconv.Atoi(v.Get("limit"))
	res, err := s.d.Search.Thread(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"wecomadmin/internal/search"
	"wecomadmin/internal/store"
)

// GET /api/v1/messages/search?q=&corp=&employee=&contact=&room=&department=&msgtype=&from=&to=&has_media=&recalled=&consent=&limit=&cursor=
func (s *Server) searchMessages(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	f, err := messageFilter(v)
	if err != nil {
		return err
	}
	limit := 0
	if l := v.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil {
			return invalid("limit", "limit must be a number", map[string]string{"limit": l})
		}
	}
	res, err := s.d.Search.Search(r.Context(), search.Request{Q: v.Get("q"), Filter: f, Limit: limit, Cursor: v.Get("cursor")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// messageFilter reads the shared filter parameters of search, views and exports.
func messageFilter(v url.Values) (store.MessageFilter, error) {
	f := store.MessageFilter{CorpID: v.Get("corp"), Employee: v.Get("employee"), Contact: v.Get("contact"),
		RoomID: v.Get("room"), Department: v.Get("department"), Consent: v.Get("consent")}
	for _, t := range v["msgtype"] {
		for _, p := range strings.Split(t, ",") {
			if p = strings.TrimSpace(p); p != "" {
				f.MsgTypes = append(f.MsgTypes, p)
			}
		}
	}
	var err error
	if f.From, err = parseTime(v.Get("from")); err != nil {
		return f, err
	}
	if f.To, err = parseTime(v.Get("to")); err != nil {
		return f, err
	}
	for name, dst := range map[string]**bool{"has_media": &f.HasMedia, "recalled": &f.Recalled} {
		if s := v.Get(name); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return f, invalid(name, name+" must be true or false", map[string]string{name: s})
			}
			*dst = &b
		}
	}
	return f, nil
}

package httpapi

import (
	"net/http"
	"strconv"
)

// GET /api/v1/review/names?corp=&kind=employee|contact|room&q=&limit=
// Name suggestions for the review filters, inside the caller's scope.
func (s *Server) reviewNames(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	limit, _ := strconv.Atoi(v.Get("limit"))
	items, err := s.d.Search.Suggest(r.Context(), v.Get("corp"), v.Get("kind"), v.Get("q"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemsOf(items))
	return nil
}

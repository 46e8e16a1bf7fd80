package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/accounts"
)

func (s *Server) listEmployees(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err1 := atoiDefault(q.Get("limit"), 50)
	offset, err2 := atoiDefault(q.Get("offset"), 0)
	if err1 != nil || err2 != nil {
		writeError(w, r, s.d.Log, badRequest("limit and offset must be integers"))
		return
	}
	page, err := s.d.Accounts.Employees(r.Context(), accounts.EmployeeQuery{Corp: q.Get("corp"), Status: q.Get("status"),
		Department: q.Get("department"), RealName: q.Get("real_name"), Licence: q.Get("licence"), Query: q.Get("q"), Limit: limit, Offset: offset})
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) getEmployee(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, r, s.d.Log, badRequest("employee id must be an integer"))
		return
	}
	e, err := s.d.Accounts.Employee(r.Context(), id)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (s *Server) listLicences(w http.ResponseWriter, r *http.Request) {
	rep, err := s.d.Accounts.Licences(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func atoiDefault(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}

package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/accounts"
)

func (s *Server) listEmployees(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err1 := atoiDefault(q.Get("limit"), 50)
	offset, err2 := atoiDefault(q.Get("offset"), 0)
	if err1 != nil || err2 != nil {
		return badRequest("", "limit and offset must be integers")
	}
	page, err := s.d.Accounts.Employees(r.Context(), accounts.EmployeeQuery{Corp: q.Get("corp"), Status: q.Get("status"),
		Department: q.Get("department"), RealName: q.Get("real_name"), Licence: q.Get("licence"), Query: q.Get("q"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) getEmployee(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return badRequest("id", "employee id must be an integer")
	}
	e, err := s.d.Accounts.Employee(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (s *Server) listLicences(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.d.Accounts.Licences(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func atoiDefault(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}

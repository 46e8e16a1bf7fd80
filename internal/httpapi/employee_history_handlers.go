package httpapi

import (
	"net/http"
	"strconv"
)

// employeeHistory: the sync steps that touched one employee, newest first
// (?limit=, default 100, at most 500). Audit entries about the employee are
// read from /audit?target= by callers allowed to read the trail.
func (s *Server) employeeHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return badRequest("id", "employee id must be an integer")
	}
	h, err := s.d.Accounts.EmployeeHistory(r.Context(), id, min(queryInt(r, "limit", 100), 500))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// heldLeavers: ?corp=<key>: leavers kept in WeCom because customers still
// follow them; the UI links each to the handover wizard.
func (s *Server) heldLeavers(w http.ResponseWriter, r *http.Request) error {
	key := r.URL.Query().Get("corp")
	if key == "" {
		return badRequest("corp", "corp is required")
	}
	ls, err := s.d.Accounts.HeldLeavers(r.Context(), key)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemsOf(ls))
	return nil
}

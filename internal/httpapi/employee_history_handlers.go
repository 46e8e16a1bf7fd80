package httpapi

import (
	"net/http"
	"strconv"
)

// employeeHistory: the sync steps that touched one employee, newest first
// (?limit=, default 100, at most 500). Audit entries about the employee are
// read from /audit?target= by callers allowed to read the trail.
func (s *Server) employeeHistory(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, r, s.d.Log, badRequest("employee id must be an integer"))
		return
	}
	h, err := s.d.Accounts.EmployeeHistory(r.Context(), id, min(queryInt(r, "limit", 100), 500))
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

// heldLeavers: ?corp=<key>: leavers kept in WeCom because customers still
// follow them; the UI links each to the handover wizard.
func (s *Server) heldLeavers(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("corp")
	if key == "" {
		writeError(w, r, s.d.Log, badRequest("corp is required"))
		return
	}
	ls, err := s.d.Accounts.HeldLeavers(r.Context(), key)
	if err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, itemsOf(ls))
}

package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/monitor"
)

// GET /api/v1/alerts?corp=&label=&state=&severity=&assignee=&employee=&department=&product=&overdue=&qc=&limit=&cursor=
func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q := monitor.Query{Corp: v.Get("corp"), Label: v.Get("label"), State: v.Get("state"), Severity: v.Get("severity"),
		Assignee: v.Get("assignee"), Employee: v.Get("employee"), Department: v.Get("department"), Product: v.Get("product"),
		Cursor: v.Get("cursor")}
	for name, dst := range map[string]**bool{"overdue": &q.Overdue, "qc": &q.QCSample} {
		if x := v.Get(name); x != "" {
			b, err := strconv.ParseBool(x)
			if err != nil {
				return invalid(name, name+" must be true or false", map[string]string{name: x})
			}
			*dst = &b
		}
	}
	if x := v.Get("limit"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil {
			return invalid("limit", "limit must be a number", map[string]string{"limit": x})
		}
		q.Limit = n
	}
	res, err := s.d.Monitor.List(r.Context(), q)
	return answer(w, http.StatusOK, res, err)
}

// GET /api/v1/alerts/{id}
func (s *Server) getAlert(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	var d monitor.Detail
	if err == nil {
		d, err = s.d.Monitor.Get(r.Context(), id)
	}
	return answer(w, http.StatusOK, d, err)
}

// POST /api/v1/alerts/{id}/assign {"assignee"}
func (s *Server) assignAlert(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Assignee string `json:"assignee"`
	}
	return s.alertAction(w, r, &body, func(id int64) (monitor.Detail, error) {
		return s.d.Monitor.Assign(r.Context(), id, body.Assignee)
	})
}

// POST /api/v1/alerts/{id}/disposition {"disposition","case_number","note"}
func (s *Server) dispositionAlert(w http.ResponseWriter, r *http.Request) error {
	var body monitor.Decision
	return s.alertAction(w, r, &body, func(id int64) (monitor.Detail, error) {
		return s.d.Monitor.Disposition(r.Context(), id, body)
	})
}

// POST /api/v1/alerts/{id}/notes {"text"}
func (s *Server) noteAlert(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Text string `json:"text"`
	}
	return s.alertAction(w, r, &body, func(id int64) (monitor.Detail, error) {
		return s.d.Monitor.Note(r.Context(), id, body.Text)
	})
}

// POST /api/v1/alerts/{id}/approve {"note"}
func (s *Server) approveAlert(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Note string `json:"note"`
	}
	return s.alertAction(w, r, &body, func(id int64) (monitor.Detail, error) {
		return s.d.Monitor.Approve(r.Context(), id, body.Note)
	})
}

// alertAction decodes the body (optional when empty), reads the id and runs fn.
func (s *Server) alertAction(w http.ResponseWriter, r *http.Request, body any, fn func(id int64) (monitor.Detail, error)) error {
	id, err := pathID(r)
	if err == nil && r.ContentLength != 0 {
		err = decodeJSON(r, body)
	}
	var d monitor.Detail
	if err == nil {
		d, err = fn(id)
	}
	return answer(w, http.StatusOK, d, err)
}

// POST /api/v1/alerts/bulk {"ids":[...],"disposition","case_number","note"}
func (s *Server) bulkAlerts(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		IDs []int64 `json:"ids"`
		monitor.Decision
	}
	err := decodeJSON(r, &body)
	var res []monitor.BulkResult
	if err == nil {
		res, err = s.d.Monitor.Bulk(r.Context(), body.IDs, body.Decision)
	}
	return answer(w, http.StatusOK, itemsOf(res), err)
}

// GET /api/v1/alerts/{id}/intake?format=json|csv: the AE intake record.
func (s *Server) alertIntake(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	var f monitor.IntakeFile
	if err == nil {
		f, err = s.d.Monitor.ExportIntake(r.Context(), id, r.URL.Query().Get("format"))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(f.Body)
	return nil
}

package httpapi

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/auth"
)

// createImport takes an HR file (multipart field "file", CSV) or the JSON
// form ({"employees":[...]}); corp and threshold come as query parameters
// (or multipart fields). It answers the validation report and the dry-run
// plan, stored as a run awaiting confirmation.
func (s *Server) createImport(w http.ResponseWriter, r *http.Request) error {
	req := accounts.ImportRequest{CorpKey: r.URL.Query().Get("corp"), Format: "json", Actor: actor(r)}
	threshold := r.URL.Query().Get("threshold")
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
		f, _, err := r.FormFile("file")
		if err != nil {
			return badRequest("file", "multipart field \"file\" (the HR CSV) is required")
		}
		defer f.Close()
		req.Format, req.Body = "csv", f
		if v := r.FormValue("corp"); v != "" {
			req.CorpKey = v
		}
		if v := r.FormValue("threshold"); v != "" {
			threshold = v
		}
	case "text/csv":
		req.Format, req.Body = "csv", r.Body
	case "application/json", "":
		req.Body = r.Body
	default:
		return badRequest("Content-Type", "send multipart/form-data, text/csv or application/json")
	}
	if req.CorpKey == "" {
		return badRequest("corp", "corp is required")
	}
	if threshold != "" {
		t, err := accounts.ParseThreshold(threshold)
		if err != nil {
			return badRequest("", err.Error())
		}
		req.Threshold = &t
	}
	out, err := s.d.Accounts.Import(r.Context(), req)
	if errors.Is(err, accounts.ErrRefused) {
		return &detailedError{safeError{http.StatusUnprocessableEntity, "hr_file_refused", out.Report.RefuseReason}, out}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) getImport(w http.ResponseWriter, r *http.Request) error {
	id, err := s.importID(r)
	if err != nil {
		return err
	}
	st, err := s.d.Accounts.Run(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// applyImport needs {"confirm": <run id>}: nobody applies a plan by accident.
func (s *Server) applyImport(w http.ResponseWriter, r *http.Request) error {
	id, err := s.importID(r)
	if err != nil {
		return err
	}
	var body struct {
		Confirm int64 `json:"confirm"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	res, err := s.d.Accounts.Apply(r.Context(), id, body.Confirm, actor(r))
	if err != nil && res == nil {
		return err
	}
	status := http.StatusOK
	if res.State == accounts.RunRunning {
		status = http.StatusAccepted
	}
	writeJSON(w, status, res)
	return nil
}

func (s *Server) importID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("id", "import id must be a positive integer")
	}
	return id, nil
}

func actor(r *http.Request) string {
	if p, ok := auth.FromContext(r.Context()); ok {
		return p.Name
	}
	return ""
}

// RemovalOverrider lifts the removal limit of a refused HR plan; the
// accounts service is one (a separate interface so fakes need not be).
type RemovalOverrider interface {
	OverrideRemovals(ctx context.Context, runID int64, actor, reason string) (*accounts.RunStatus, error)
}

// overrideRemovals takes {"reason": "..."} from a second person (not the
// one who ran the import) and makes the refused run a plan to confirm.
func (s *Server) overrideRemovals(w http.ResponseWriter, r *http.Request) error {
	id, err := s.importID(r)
	if err != nil {
		return err
	}
	o, ok := s.d.Accounts.(RemovalOverrider)
	if !ok {
		return errUnavailable
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	st, err := o.OverrideRemovals(r.Context(), id, actor(r), body.Reason)
	if errors.Is(err, accounts.ErrSameActor) {
		return &safeError{http.StatusForbidden, "second_person_required", "the removal limit must be overridden by a second person, not the one who ran the import"}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"wecomadmin/internal/export"
	"wecomadmin/internal/store"
)

type exportJSON struct {
	ID          int64  `json:"id"`
	CorpID      string `json:"corp_id"`
	Format      string `json:"format"`
	Source      string `json:"source"`
	State       string `json:"state"`
	RequestedBy string `json:"requested_by"`
	ApprovalID  int64  `json:"approval_id,omitempty"`
	JobID       int64  `json:"job_id,omitempty"`
	SHA256      string `json:"sha256,omitempty"`
	Size        int64  `json:"size"`
	Rows        int64  `json:"rows"`
	Error       string `json:"error,omitempty"`
	ExpiresAt   int64  `json:"expires_at,omitempty"`
	CreatedAt   int64  `json:"created_at"`
}

func toExportJSON(e store.Export) exportJSON {
	return exportJSON{e.ID, e.CorpID, e.Format, e.Source, e.State, e.RequestedBy, e.ApprovalID, e.JobID, e.SHA256, e.Size,
		e.RowCount, e.Error, e.ExpiresAt, e.CreatedAt}
}

// POST /api/v1/exports {"corp","format","q","filter":{...},"conversation_ids":[...],"reason","matter",
// "with_media","layout":"single"|"per_conversation" (XLSX)}
func (s *Server) createExport(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Corp            string            `json:"corp"`
		Format          string            `json:"format"`
		Q               string            `json:"q"`
		Filter          map[string]string `json:"filter"` // the search API's query parameters
		ConversationIDs []string          `json:"conversation_ids"`
		Reason          string            `json:"reason"`
		WithMedia       bool              `json:"with_media"`
		Layout          string            `json:"layout"`
		Matter          string            `json:"matter"`
		Lang            string            `json:"lang"` // zh-CN (default) or en: the file's headers and labels
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	v := map[string][]string{}
	for k, x := range body.Filter {
		v[k] = []string{x}
	}
	f, err := messageFilter(v)
	if err != nil {
		return err
	}
	e, err := s.d.Exports.Request(r.Context(), export.Request{CorpID: body.Corp, Format: body.Format, Reason: body.Reason,
		Params: export.Params{Q: body.Q, Filter: f, ConversationIDs: body.ConversationIDs, WithMedia: body.WithMedia,
			Layout: body.Layout, Matter: body.Matter, Lang: body.Lang}})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, toExportJSON(e))
	return nil
}

// GET /api/v1/exports?corp=
func (s *Server) listExports(w http.ResponseWriter, r *http.Request) error {
	es, err := s.d.Exports.List(r.Context(), r.URL.Query().Get("corp"))
	if err != nil {
		return err
	}
	out := make([]exportJSON, 0, len(es))
	for _, e := range es {
		out = append(out, toExportJSON(e))
	}
	writeJSON(w, http.StatusOK, itemsOf(out))
	return nil
}

func exportID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, badRequest("id", "export id must be a number")
	}
	return id, nil
}

// GET /api/v1/exports/{id}
func (s *Server) getExport(w http.ResponseWriter, r *http.Request) error {
	id, err := exportID(r)
	if err == nil {
		var e store.Export
		if e, err = s.d.Exports.Get(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, toExportJSON(e))
			return nil
		}
	}
	return err
}

// POST /api/v1/exports/{id}/approve and /reject {"note"}
func (s *Server) decideExport(approve bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var body struct {
			Note string `json:"note"`
		}
		id, err := exportID(r)
		if err == nil && r.ContentLength != 0 {
			err = decodeJSON(r, &body)
		}
		if err == nil {
			var e store.Export
			if e, err = s.d.Exports.Decide(r.Context(), id, approve, body.Note); err == nil {
				writeJSON(w, http.StatusOK, toExportJSON(e))
				return nil
			}
		}
		return err
	}
}

// GET /api/v1/exports/{id}/download
func (s *Server) downloadExport(w http.ResponseWriter, r *http.Request) error {
	id, err := exportID(r)
	if err != nil {
		return err
	}
	obj, e, err := s.d.Exports.Download(r.Context(), id)
	switch {
	case errors.Is(err, export.ErrExpired):
		err = &safeError{http.StatusGone, "export_expired", "this export has expired"}
	case errors.Is(err, export.ErrNotReady):
		err = &safeError{http.StatusConflict, "export_not_ready", "this export is not ready yet"}
	}
	if err != nil {
		return err
	}
	defer obj.Close()
	ctype := map[string]string{"csv": "text/csv; charset=utf-8", "pdf": "application/pdf",
		"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[e.Format]
	name := fmt.Sprintf("export-%d.%s", e.ID, e.Format)
	if strings.HasSuffix(e.BlobKey, ".zip") { // with media files and a manifest
		ctype, name = "application/zip", name+".zip"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("X-Content-SHA256", e.SHA256)
	http.ServeContent(w, r, "", obj.Info().ModTime, obj)
	return nil
}

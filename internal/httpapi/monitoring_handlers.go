package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"wecomadmin/internal/monitor"
)

// GET /api/v1/monitoring/products?corp=
func (s *Server) getProducts(w http.ResponseWriter, r *http.Request) error {
	d, err := s.d.Monitor.Catalog(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, d, err)
}

// PUT /api/v1/monitoring/products?corp= (body: the catalog, YAML or JSON)
func (s *Server) putProducts(w http.ResponseWriter, r *http.Request) error {
	return s.putDocument(w, r, s.d.Monitor.PutCatalog)
}

// GET /api/v1/monitoring/policy?corp=
func (s *Server) getPolicy(w http.ResponseWriter, r *http.Request) error {
	d, err := s.d.Monitor.Policy(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, d, err)
}

// PUT /api/v1/monitoring/policy?corp= (body: the policy, YAML or JSON)
func (s *Server) putPolicy(w http.ResponseWriter, r *http.Request) error {
	return s.putDocument(w, r, s.d.Monitor.PutPolicy)
}

// GET /api/v1/monitoring/policy/versions?corp=
func (s *Server) policyVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.d.Monitor.Versions(r.Context(), r.URL.Query().Get("corp"), "policy")
	return answer(w, http.StatusOK, itemsOf(vs), err)
}

func (s *Server) putDocument(w http.ResponseWriter, r *http.Request, put func(ctx context.Context, corp string, body []byte) (monitor.Document, error)) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, monitor.MaxDocument+1))
	if err != nil {
		return badRequest("", "could not read the body")
	}
	d, err := put(r.Context(), r.URL.Query().Get("corp"), body)
	return answer(w, http.StatusOK, d, err)
}

// GET /api/v1/monitoring/settings?corp=
func (s *Server) getMonitoringSettings(w http.ResponseWriter, r *http.Request) error {
	set, err := s.d.Monitor.GetSettings(r.Context(), r.URL.Query().Get("corp"))
	return answer(w, http.StatusOK, set, err)
}

// PUT /api/v1/monitoring/settings?corp= {"four_eyes_ae","ae_due_days","qc_rate"} (any of them)
func (s *Server) putMonitoringSettings(w http.ResponseWriter, r *http.Request) error {
	var p monitor.SettingsPatch // fields left out keep their value
	err := decodeJSON(r, &p)
	var set monitor.Settings
	if err == nil {
		set, err = s.d.Monitor.PatchSettings(r.Context(), r.URL.Query().Get("corp"), p)
	}
	return answer(w, http.StatusOK, set, err)
}

// POST /api/v1/monitoring/test {"corp","text","policy"?}
func (s *Server) testMonitoring(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Corp   string          `json:"corp"`
		Text   string          `json:"text"`
		Policy json.RawMessage `json:"policy"`
	}
	err := decodeJSON(r, &body)
	var res any
	if err == nil {
		res, err = s.d.Monitor.Test(r.Context(), body.Corp, body.Text, body.Policy)
	}
	return answer(w, http.StatusOK, res, err)
}

// POST /api/v1/monitoring/preview {"corp","policy"}
func (s *Server) previewMonitoring(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Corp   string          `json:"corp"`
		Policy json.RawMessage `json:"policy"`
	}
	err := decodeJSON(r, &body)
	var res any
	if err == nil {
		res, err = s.d.Monitor.Preview(r.Context(), body.Corp, body.Policy)
	}
	return answer(w, http.StatusOK, res, err)
}

// POST /api/v1/monitoring/runs {"corp"} starts a retroactive run (a job).
func (s *Server) startMonitoringRun(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Corp string `json:"corp"`
	}
	err := decodeJSON(r, &body)
	var run monitor.Run
	if err == nil {
		run, err = s.d.Monitor.StartRun(r.Context(), body.Corp)
	}
	return answer(w, http.StatusAccepted, run, err)
}

// GET /api/v1/monitoring/runs/{id}: a retroactive run's progress, for
// the policy tab (no jobs:read needed; the service checks the corp).
func (s *Server) monitoringRun(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return invalid("id", "run id must be a positive integer", map[string]any{"id": r.PathValue("id")})
	}
	run, err := s.d.Monitor.Run(r.Context(), id)
	return answer(w, http.StatusOK, run, err)
}

// GET /api/v1/monitoring/summary?corp=&from=&to=
func (s *Server) monitoringSummary(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	from, err := parseTime(v.Get("from"))
	var to int64
	if err == nil {
		to, err = parseTime(v.Get("to"))
	}
	var sum monitor.Summary
	if err == nil {
		sum, err = s.d.Monitor.Summary(r.Context(), v.Get("corp"), from, to)
	}
	return answer(w, http.StatusOK, sum, err)
}

package httpapi

import (
	"context"
	"net/http"

	"wecomadmin/internal/accounts"
)

// CorpSettingsService reads and writes a corp's compliance settings (the
// two-person export rule, time zone, export lifetime); *accounts.Service
// satisfies it.
type CorpSettingsService interface {
	CorpSettings(ctx context.Context, ref string) (accounts.CorpSettings, error)
	SaveCorpSettings(ctx context.Context, ref string, in accounts.CorpSettings) (accounts.CorpSettings, error)
}

func (s *Server) corpSettingsSvc(w http.ResponseWriter, r *http.Request) (CorpSettingsService, bool) {
	svc, ok := s.d.Accounts.(CorpSettingsService)
	if !ok {
		writeError(w, r, s.d.Log, errUnavailable)
	}
	return svc, ok
}

// getCorpSettings: GET /api/v1/corps/{key}/settings
func (s *Server) getCorpSettings(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.corpSettingsSvc(w, r)
	if !ok {
		return
	}
	v, err := svc.CorpSettings(r.Context(), r.PathValue("key"))
	s.reply(w, r, http.StatusOK, v, err)
}

// putCorpSettings: PUT /api/v1/corps/{key}/settings (audited with before and after)
func (s *Server) putCorpSettings(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.corpSettingsSvc(w, r)
	if !ok {
		return
	}
	var in accounts.CorpSettings
	if err := decodeJSON(r, &in); err != nil {
		writeError(w, r, s.d.Log, err)
		return
	}
	v, err := svc.SaveCorpSettings(r.Context(), r.PathValue("key"), in)
	s.reply(w, r, http.StatusOK, v, err)
}

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

func (s *Server) corpSettingsSvc(r *http.Request) (CorpSettingsService, error) {
	if svc, ok := s.d.Accounts.(CorpSettingsService); ok {
		return svc, nil
	}
	return nil, errUnavailable
}

// getCorpSettings: GET /api/v1/corps/{key}/settings
func (s *Server) getCorpSettings(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.corpSettingsSvc(r)
	if err != nil {
		return err
	}
	v, err := svc.CorpSettings(r.Context(), r.PathValue("key"))
	return answer(w, http.StatusOK, v, err)
}

// putCorpSettings: PUT /api/v1/corps/{key}/settings (audited with before and after)
func (s *Server) putCorpSettings(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.corpSettingsSvc(r)
	if err != nil {
		return err
	}
	var in accounts.CorpSettings
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := svc.SaveCorpSettings(r.Context(), r.PathValue("key"), in)
	return answer(w, http.StatusOK, v, err)
}

package accounts

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// CorpSettings are a corp's compliance settings, kept in corps.settings:
// the two-person rule for exports, the time zone exports are written in
// and how many days an export stays downloadable (0: the boot default).
type CorpSettings struct {
	ExportApproval bool   `json:"export_approval"`
	TimeZone       string `json:"time_zone"`
	ExportTTLDays  int    `json:"export_ttl_days"`
}

// Validate checks the values a form can get wrong.
func (c CorpSettings) Validate() error {
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil || len(c.TimeZone) > 64 {
			return fmt.Errorf("%w: time_zone %q is not an IANA time zone such as Asia/Shanghai", ErrInvalid, c.TimeZone)
		}
	}
	if c.ExportTTLDays < 0 || c.ExportTTLDays > 365 {
		return fmt.Errorf("%w: export_ttl_days must be 0 (the default) to 365", ErrInvalid)
	}
	return nil
}

// CorpSettings returns a corp's compliance settings (ref: key or corp id).
func (s *Service) CorpSettings(ctx context.Context, ref string) (CorpSettings, error) {
	c, err := s.corpByRef(ctx, ref)
	if err != nil {
		return CorpSettings{}, err
	}
	if err := auth.RequireReach(ctx, auth.CorpsRead, c.CorpID); err != nil {
		return CorpSettings{}, fmt.Errorf("accounts: settings of %s: %w", c.CorpID, err)
	}
	var out CorpSettings
	_ = json.Unmarshal([]byte(c.Settings), &out)
	return out, nil
}

// SaveCorpSettings sets a corp's compliance settings, keeping any other key
// of corps.settings, audited as settings.update with before and after.
func (s *Service) SaveCorpSettings(ctx context.Context, ref string, in CorpSettings) (CorpSettings, error) {
	if err := in.Validate(); err != nil {
		return CorpSettings{}, err
	}
	c, err := s.corpByRef(ctx, ref)
	if err != nil {
		return CorpSettings{}, err
	}
	if err := auth.RequireInCorp(ctx, auth.SettingsWrite, c.CorpID); err != nil {
		return CorpSettings{}, fmt.Errorf("accounts: save settings of %s: %w", c.CorpID, err)
	}
	var before CorpSettings
	_ = json.Unmarshal([]byte(c.Settings), &before)
	all := map[string]any{}
	_ = json.Unmarshal([]byte(c.Settings), &all)
	all["export_approval"], all["time_zone"], all["export_ttl_days"] = in.ExportApproval, in.TimeZone, in.ExportTTLDays
	b, err := json.Marshal(all)
	if err != nil {
		return CorpSettings{}, fmt.Errorf("accounts: settings of %s: %w", c.CorpID, err)
	}
	err = s.Store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Store.SetCorpSettings(ctx, c.CorpID, string(b)); err != nil {
			return err
		}
		return s.audit().Record(ctx, audit.Event{Action: audit.SettingsUpdate, Target: c.CorpID, CorpID: c.CorpID,
			Metadata: map[string]any{"key": c.Key, "before": before, "after": in}})
	})
	return in, err
}
